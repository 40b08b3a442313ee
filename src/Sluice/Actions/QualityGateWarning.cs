using System.Globalization;

namespace Sluice.Actions;

/// <summary>A quality gate that warned, as an action reports it to <see cref="IQualityGateObserver"/>.</summary>
/// <param name="PipelineId">The pipeline (empty when the action ran outside a run).</param>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The quality task.</param>
/// <param name="MapIndex">The item of a <c>for_each</c> task, or -1.</param>
/// <param name="Metric">The gated score: <c>overall</c> or a dimension name.</param>
/// <param name="Min">The gate's minimum.</param>
/// <param name="Score">The measured score (below <paramref name="Min"/>).</param>
/// <param name="Message">One line for humans; holds no data values.</param>
public sealed record QualityGateWarning(string PipelineId, string RunId, string TaskId, int MapIndex, string Metric, double Min, double Score, string Message)
{
    /// <summary>Reports a warning of the task <paramref name="context"/> belongs to, when its host listens (<see cref="IQualityGateObserver"/> in its services).</summary>
    /// <param name="context">The reporting action's context.</param>
    /// <param name="metric">The gated score.</param>
    /// <param name="min">The gate's minimum.</param>
    /// <param name="score">The measured score.</param>
    /// <param name="message">One line for humans.</param>
    /// <returns>True when an observer heard it.</returns>
    public static bool Report(ActionContext context, string metric, double min, double score, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Services?.GetService(typeof(IQualityGateObserver)) is not IQualityGateObserver observer)
        {
            return false;
        }
        observer.GateWarned(new QualityGateWarning(context.PipelineId, context.RunId, context.TaskId, context.MapIndex, metric, min, score, message));
        return true;
    }

    /// <summary>The structured details of the warning (metric, min, score, item), invariant-formatted.</summary>
    public IReadOnlyDictionary<string, string> Fields()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metric"] = Metric,
            ["min"] = Min.ToString(CultureInfo.InvariantCulture),
            ["score"] = Score.ToString("0.####", CultureInfo.InvariantCulture),
        };
        if (MapIndex >= 0)
        {
            fields["map_index"] = MapIndex.ToString(CultureInfo.InvariantCulture);
        }
        return fields;
    }
}
