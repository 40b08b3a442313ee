using System.Collections;
using System.Globalization;
using Sluice.Actions;
using Sluice.Data.Execution;
using Sluice.DataActions.Common;
using Sluice.Datasets;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Quality;

/// <summary>Parameter reading and dataset writing shared by the quality actions.</summary>
internal static class QualityActionHelpers
{
    /// <summary>A dataset parameter (a handle, a path, or a list of them read as one), resolved by <see cref="DatasetArgument"/>.</summary>
    public static DatasetRef Dataset(ActionContext context, string name) => DatasetArgument.Resolve(context.Get(name), name, context);

    public static double Number(ActionContext context, string name, double fallback) => context.Get(name) switch
    {
        null => fallback,
        long l => l,
        int i => i,
        double d => d,
        var v => throw new SluiceException($"parameter '{name}' of task '{context.TaskId}' must be a number, but is {Describe(v)}"),
    };

    public static string? Text(ActionContext context, string name) => context.Get(name) switch
    {
        null => null,
        string s => s,
        var v => throw new SluiceException($"parameter '{name}' of task '{context.TaskId}' must be text, but is {Describe(v)}"),
    };

    public static IReadOnlyList<object?> List(object? value) => value switch
    {
        null => [],
        string s => [s],
        IEnumerable e => [.. e.Cast<object?>()],
        var v => [v],
    };

    /// <summary>Writes <paramref name="source"/> as an artifact of the attempt (see <see cref="ArtifactWriter"/>; published to the artifact store, if any) and returns its handle.</summary>
    public static Task<DatasetRef> WriteAsync(ActionContext context, IBatchSource source, string name, CancellationToken cancellationToken) =>
        ArtifactWriter.WriteAsync(source, context, name, cancellationToken);

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"the text '{s}'",
        IDictionary => "a map",
        IEnumerable => "a list",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "a value",
    };
}
