using Sluice.Actions;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// The task's <c>provider: local</c> model, if any: its <c>model</c> names the built-in method (isolation_forest,
/// zscore, iqr) and its optional <c>path</c> the model file (relative to the pipeline file's folder). A model of
/// another provider is not this action's business (it may resolve <c>&lt;AUTO&gt;</c> values) and gives null.
/// </summary>
internal sealed record LocalModel(string Name, string Method, string? Path)
{
    public static readonly string[] Methods = ["isolation_forest", "zscore", "iqr"];

    public static LocalModel? From(ActionContext context)
    {
        if (context.Model is not { Provider: "local" } model)
        {
            return null;
        }

        if (!Methods.Contains(model.Model, StringComparer.Ordinal))
        {
            throw new SluiceException($"model '{model.Name}' of task '{context.TaskId}' is local model '{model.Model}', which run_anomaly_detection does not have; local models are {string.Join(", ", Methods)}", false);
        }

        return model.Settings.GetValueOrDefault("path") switch
        {
            null => new LocalModel(model.Name, model.Model, null),
            string { Length: > 0 } path => new LocalModel(model.Name, model.Model, path),
            var other => throw new SluiceException($"the 'path' of model '{model.Name}' must be a file path, got {Expressions.ExprValues.TypeName(other)}", false),
        };
    }
}
