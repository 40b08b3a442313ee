using Sluice.Actions;
using Sluice.Diagnostics;

namespace Sluice.Tests.Definition;

/// <summary>An action that does nothing; only its descriptor matters to the loader and the validator.</summary>
internal sealed class FakeAction(ActionDescriptor descriptor) : IAction
{
    public ActionDescriptor Descriptor { get; } = descriptor;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken) => ValueTask.FromResult(ActionResult.Empty);
}

/// <summary>Registries used by the definition tests.</summary>
internal static class TestActions
{
    /// <summary>extract (source*, format csv|json, limit, sensitivity AUTO, ignore_errors, timeout) → rows, path;
    /// load (data*, mode, batch) → count; shell (command*) → any outputs.</summary>
    public static ActionRegistry Registry() => new ActionRegistry()
        .Register(new FakeAction(new ActionDescriptor("extract", "Reads records from a source.",
        [
            new ParameterSpec("source", ParameterType.String, "Where to read from.", Required: true),
            new ParameterSpec("format", ParameterType.String, "The file format.", Default: "csv", AllowedValues: ["csv", "json"]),
            new ParameterSpec("limit", ParameterType.Integer, "The most rows to read."),
            new ParameterSpec("sensitivity", ParameterType.Number, "How picky to be.", SupportsAuto: true),
            new ParameterSpec("ignore_errors", ParameterType.Boolean, "Skip bad rows."),
            new ParameterSpec("wait", ParameterType.Duration, "How long to wait for the source."),
        ],
        [new OutputSpec("rows", "The records."), new OutputSpec("path", "Where they were written.")])))
        .Register(new FakeAction(new ActionDescriptor("load", "Writes records to a target.",
        [
            new ParameterSpec("data", ParameterType.Dataset, "The records.", Required: true),
            new ParameterSpec("mode", ParameterType.String, "append or replace.", AllowedValues: ["append", "replace"]),
            new ParameterSpec("batch", ParameterType.Integer, "Rows per batch.", Default: 1000L),
        ],
        [new OutputSpec("count", "Rows written.")])))
        .Register(new FakeAction(new ActionDescriptor("shell", "Runs a command.",
        [new ParameterSpec("command", ParameterType.String, "The command line.", Required: true)],
        [], AllowsExtraOutputs: true)));

    /// <summary>Stubs named like seed 000's actions, accepting any parameters and outputs.</summary>
    public static ActionRegistry SeedRegistry()
    {
        var registry = new ActionRegistry();
        string[] names =
        [
            "scan_data_sources", "validate_data_schema", "ingest_from_sources", "clean_and_standardize", "apply_transformations",
            "enrich_with_external", "run_anomaly_detection", "analyze_data_quality", "engineer_features", "export_to_targets",
        ];
        foreach (var name in names)
        {
            registry.Register(new FakeAction(new ActionDescriptor(name, "Seed stub.", [], [], AllowsExtraParameters: true, AllowsExtraOutputs: true)));
        }
        return registry;
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics);
}
