using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Sluice.Stores;

namespace Sluice.Cli.Commands;

/// <summary>
/// The options and the execution shared by the commands that continue a stored run in this process (<c>resume</c>,
/// <c>clear</c>, <c>mark</c>): the run executes with the definition version it started with, through the same engine.
/// </summary>
internal sealed class ResumeOptions
{
    private readonly Option<int?> _maxParallel = new("--max-parallel") { Description = "Task instances running at once. The default is 32." };
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Only failures and the summary." };
    private readonly Option<string?> _memoryLimit = EngineOptions.MemoryLimit();
    private readonly Option<string[]> _pools = EngineOptions.Pools();
    private readonly Option<string[]> _allowPath = CommonOptions.AllowPath("As for 'sluice run'.");

    /// <summary>The store option.</summary>
    public Option<string> Store { get; } = CommonOptions.Store();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _maxParallel, Store, _json, _quiet, _memoryLimit, _pools, _allowPath })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Loads the run's stored definition and executes the run to its end; returns the exit code.</summary>
    public async Task<int> ExecuteAsync(ParseResult parse, SluiceStore opened, Actions.ActionRegistry actions, string id, CancellationToken ct)
    {
        EngineOptions.ApplyMemoryLimit(parse.GetValue(_memoryLimit));
        var poolLimits = EngineOptions.ParsePools(parse.GetValue(_pools));
        var allowed = CommonOptions.AllowedPaths(parse.GetValue(_allowPath));
        var definition = await LoadDefinitionAsync(opened, actions, id, ct).ConfigureAwait(false);
        try
        {
            return await RunLoop.ExecuteAsync(opened, definition, parse.GetValue(_quiet), parse.GetValue(_json), null,
                (progress, token) => RunLoop.Embedded(opened, actions, progress, parse.GetValue(_maxParallel), poolLimits, allowed).ResumeAsync(definition, id, token), ct).ConfigureAwait(false);
        }
        catch (SluiceException ex) when (ex is not Execution.SluiceStateException)
        {
            throw new CliException(ex.Message, ExitCodes.RunFailed);
        }
    }

    /// <summary>The definition version the run started with, from the store (even if the file changed since).</summary>
    public static async Task<Definition.PipelineDefinition> LoadDefinitionAsync(SluiceStore opened, Actions.ActionRegistry actions, string id, CancellationToken ct)
    {
        var run = await opened.State.GetRunAsync(id, ct).ConfigureAwait(false) ?? throw new CliException($"run '{id}' not found; list runs with 'sluice runs'");
        var version = await opened.State.GetPipelineVersionAsync(run.PipelineId, run.VersionHash, ct).ConfigureAwait(false)
            ?? throw new CliException($"the definition of run '{id}' (version {run.VersionHash}) is not in the store");
        var loaded = PipelineLoader.Load(version.SourceText, version.SourcePath ?? $"{run.PipelineId}.yaml", actions);
        DiagnosticPrinter.Print(loaded.Diagnostics, skipWarnings: true);
        if (!loaded.Success)
        {
            throw new CliException($"the stored definition of run '{id}' no longer validates; nothing was run.");
        }
        return loaded.Definition!;
    }

    /// <summary>Who runs the command, for the audit trail: <c>cli user@host</c>.</summary>
    public static string Actor => $"cli {Environment.UserName}@{Environment.MachineName}";
}
