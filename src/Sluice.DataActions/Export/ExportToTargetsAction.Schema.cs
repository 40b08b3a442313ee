using Sluice.Data.Batches;
using Sluice.DataActions.Schemas;

namespace Sluice.DataActions.Export;

/// <summary>The column references of an export, checked before the run.</summary>
public sealed partial class ExportToTargetsAction : IDeclaresSchema
{
    /// <summary>
    /// No dataset outputs; the columns an export names — <c>partitioning</c>, and each target's <c>partition_by</c> and
    /// merge <c>key</c> — are checked against the data's columns at their YAML node.
    /// </summary>
    public IReadOnlyDictionary<string, Schema> OutputSchemas(SchemaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var none = new Dictionary<string, Schema>(StringComparer.Ordinal);
        if (request.Dataset("data") is not { } input)
        {
            return none;
        }

        switch (request.Parameters.GetValueOrDefault("partitioning"))
        {
            case IReadOnlyDictionary<string, object?> map:
                ColumnChecks.Require(request, input, map.GetValueOrDefault("by"), "partitioning.by");
                break;
            case var written:
                ColumnChecks.Require(request, input, written, "partitioning");
                break;
        }

        if (request.Parameters.GetValueOrDefault("targets") is IReadOnlyList<object?> targets)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                if (targets[i] is IReadOnlyDictionary<string, object?> target)
                {
                    ColumnChecks.Require(request, input, target.GetValueOrDefault("partition_by"), $"targets[{i}].partition_by");
                    ColumnChecks.Require(request, input, target.GetValueOrDefault("key"), $"targets[{i}].key");
                }
            }
        }
        else if (request.Parameters.GetValueOrDefault("targets") is IReadOnlyDictionary<string, object?> one)
        {
            ColumnChecks.Require(request, input, one.GetValueOrDefault("partition_by"), "targets.partition_by");
            ColumnChecks.Require(request, input, one.GetValueOrDefault("key"), "targets.key");
        }

        return none;
    }
}
