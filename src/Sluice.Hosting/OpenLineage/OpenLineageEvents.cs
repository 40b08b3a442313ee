using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Lineage;

namespace Sluice.Hosting.OpenLineage;

/// <summary>
/// Builds OpenLineage RunEvents from Sluice's runs, tasks and lineage records. A pipeline is a job named by its id; a
/// task is a job named <c>{pipeline}.{task}</c> whose run has the pipeline's run as its <c>parent</c>.
/// </summary>
internal sealed class OpenLineageEvents(OpenLineageSettings settings)
{
    private static readonly string EngineVersion = typeof(Execution.RunExecutor).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>An event of a pipeline's run.</summary>
    public JsonObject Run(string type, DateTimeOffset at, string runId, string pipelineId, DateTimeOffset? logicalDate, string? error,
        IReadOnlyList<LineageRecord> lineage)
    {
        var facets = new JsonObject { ["processing_engine"] = Engine() };
        if (logicalDate is { } nominal)
        {
            facets["nominalTime"] = Facet(OpenLineageFacets.NominalTime, new JsonObject { ["nominalStartTime"] = Time(nominal) });
        }
        AddError(facets, error);
        // A pipeline's own inputs and outputs are what it reads from and leaves outside its run: intermediate
        // artifacts belong to the task events.
        var external = lineage.Where(static r => r.Kind != "artifact").ToList();
        return Event(type, at, OpenLineageNames.RunUuid(runId), pipelineId, "PIPELINE", facets, external, null);
    }

    /// <summary>An event of a task of a run.</summary>
    public JsonObject Task(string type, DateTimeOffset at, string runId, string pipelineId, string taskId, string? error,
        IReadOnlyList<LineageRecord> lineage, string? outputsJson)
    {
        var facets = new JsonObject
        {
            ["parent"] = Facet(OpenLineageFacets.Parent, new JsonObject
            {
                ["run"] = new JsonObject { ["runId"] = OpenLineageNames.RunUuid(runId).ToString() },
                ["job"] = new JsonObject { ["namespace"] = settings.Namespace, ["name"] = pipelineId },
            }),
            ["processing_engine"] = Engine(),
        };
        AddError(facets, error);
        return Event(type, at, OpenLineageNames.RunUuid(runId + "/" + taskId), pipelineId + "." + taskId, "TASK", facets, lineage, Quality(outputsJson));
    }

    private JsonObject Event(string type, DateTimeOffset at, Guid runUuid, string jobName, string jobType, JsonObject runFacets,
        IReadOnlyList<LineageRecord> lineage, JsonObject? quality)
    {
        var inputs = new JsonArray();
        var outputs = new JsonArray();
        var qualityPlaced = false;
        foreach (var group in lineage.GroupBy(static r => (r.Direction, r.Dataset)))
        {
            var record = group.First();
            var (ns, name) = OpenLineageNames.Dataset(record.Dataset);
            var dataset = new JsonObject { ["namespace"] = ns, ["name"] = name, ["facets"] = DatasetFacets(record, ns) };
            if (record.Direction == LineageDirection.Write)
            {
                var statistics = new JsonObject();
                if (group.Sum(static r => r.Rows) is { } rows)
                {
                    statistics["rowCount"] = rows;
                }
                if (SizeOf(record.Dataset) is { } size)
                {
                    statistics["size"] = size;
                }
                dataset["outputFacets"] = new JsonObject { ["outputStatistics"] = Facet(OpenLineageFacets.OutputStatistics, statistics) };
                outputs.Add(dataset);
            }
            else
            {
                // A quality action's metrics describe the dataset it checked: the first it read (its `data`).
                if (quality is not null && !qualityPlaced)
                {
                    dataset["inputFacets"] = quality;
                    qualityPlaced = true;
                }
                inputs.Add(dataset);
            }
        }
        return new JsonObject
        {
            ["eventType"] = type,
            ["eventTime"] = Time(at),
            ["producer"] = settings.Producer,
            ["schemaURL"] = OpenLineageFacets.RunEvent,
            ["run"] = new JsonObject { ["runId"] = runUuid.ToString(), ["facets"] = runFacets },
            ["job"] = new JsonObject
            {
                ["namespace"] = settings.Namespace,
                ["name"] = jobName,
                ["facets"] = new JsonObject
                {
                    ["jobType"] = Facet(OpenLineageFacets.JobType, new JsonObject { ["processingType"] = "BATCH", ["integration"] = "SLUICE", ["jobType"] = jobType }),
                },
            },
            ["inputs"] = inputs,
            ["outputs"] = outputs,
        };
    }

    private JsonObject DatasetFacets(LineageRecord record, string ns)
    {
        var facets = new JsonObject
        {
            ["dataSource"] = Facet(OpenLineageFacets.DataSource, new JsonObject { ["name"] = ns, ["uri"] = OpenLineageNames.SourceUri(ns) }),
        };
        if (record.Schema.Count > 0)
        {
            var fields = new JsonArray();
            foreach (var (column, type) in record.Schema)
            {
                fields.Add(new JsonObject { ["name"] = column, ["type"] = type });
            }
            facets["schema"] = Facet(OpenLineageFacets.Schema, new JsonObject { ["fields"] = fields });
        }
        if (record.Direction == LineageDirection.Write && record.Columns.Count > 0)
        {
            var fields = new JsonObject();
            foreach (var (column, origins) in record.Columns)
            {
                var inputFields = new JsonArray();
                foreach (var origin in origins)
                {
                    var (originNs, originName) = OpenLineageNames.Dataset(origin.Dataset);
                    var (kind, subtype) = Transformation(origin.Transformation);
                    inputFields.Add(new JsonObject
                    {
                        ["namespace"] = originNs,
                        ["name"] = originName,
                        ["field"] = origin.Column,
                        ["transformations"] = new JsonArray(new JsonObject { ["type"] = kind, ["subtype"] = subtype, ["description"] = origin.Transformation }),
                    });
                }
                fields[column] = new JsonObject { ["inputFields"] = inputFields };
            }
            facets["columnLineage"] = Facet(OpenLineageFacets.ColumnLineage, new JsonObject { ["fields"] = fields });
        }
        return facets;
    }

    /// <summary>OpenLineage's transformation type and subtype for one of Sluice's descriptions (a chain such as <c>derive: a * b; aggregate: sum(x)</c>).</summary>
    private static (string Type, string Subtype) Transformation(string how) =>
        how.Contains("aggregate", StringComparison.Ordinal) || how.Contains("rollup", StringComparison.Ordinal) ? ("DIRECT", "AGGREGATION")
        : how is "identity" or "join" ? ("DIRECT", "IDENTITY")
        : ("DIRECT", "TRANSFORMATION");

    /// <summary>The <c>dataQualityMetrics</c> and <c>dataQualityAssertions</c> facets of a quality action's <c>quality_report</c> output.</summary>
    private JsonObject? Quality(string? outputsJson)
    {
        if (outputsJson is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(outputsJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("quality_report", out var report) || report.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var metrics = new JsonObject();
        if (report.TryGetProperty("rows", out var rows) && rows.TryGetInt64(out var rowCount))
        {
            metrics["rowCount"] = rowCount;
        }
        var columns = new JsonObject();
        var assertions = new JsonArray();
        if (report.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Array)
        {
            foreach (var check in checks.EnumerateArray())
            {
                var column = check.TryGetProperty("columns", out var cs) && cs.ValueKind == JsonValueKind.Array && cs.GetArrayLength() == 1 ? cs[0].GetString() : null;
                var assertion = new JsonObject
                {
                    ["assertion"] = check.GetProperty("check").GetString(),
                    ["success"] = check.GetProperty("outcome").GetString() is "pass" or "warn",
                };
                if (column is not null)
                {
                    assertion["column"] = column;
                }
                if (check.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number)
                {
                    assertion["actual"] = v.GetDouble().ToString(CultureInfo.InvariantCulture);
                    if (column is not null && check.TryGetProperty("metric", out var m) && ColumnMetric(m.GetString()) is { } key)
                    {
                        var entry = columns[column] as JsonObject ?? new JsonObject();
                        entry[key] = key is "nullCount" or "distinctCount" ? (JsonNode)(long)v.GetDouble() : v.GetDouble();
                        columns[column] = entry;
                    }
                }
                assertions.Add(assertion);
            }
        }
        metrics["columnMetrics"] = columns;
        return new JsonObject
        {
            ["dataQualityMetrics"] = Facet(OpenLineageFacets.DataQualityMetrics, metrics),
            ["dataQualityAssertions"] = Facet(OpenLineageFacets.DataQualityAssertions, new JsonObject { ["assertions"] = assertions }),
        };
    }

    private static string? ColumnMetric(string? metric) => metric switch
    {
        "missing_count" => "nullCount",
        "distinct_count" => "distinctCount",
        "sum" => "sum",
        "min" => "min",
        "max" => "max",
        _ => null,
    };

    private void AddError(JsonObject facets, string? error)
    {
        if (error is not null)
        {
            // The failing job is a pipeline written in YAML; the message is Sluice's own, with its location and fix.
            facets["errorMessage"] = Facet(OpenLineageFacets.ErrorMessage, new JsonObject { ["message"] = error, ["programmingLanguage"] = "YAML" });
        }
    }

    private JsonObject Engine() =>
        Facet(OpenLineageFacets.ProcessingEngine, new JsonObject { ["name"] = "Sluice", ["version"] = EngineVersion });

    private JsonObject Facet(string schemaUrl, JsonObject body)
    {
        var facet = new JsonObject { ["_producer"] = settings.Producer, ["_schemaURL"] = schemaUrl };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            facet[key] = value;
        }
        return facet;
    }

    private static long? SizeOf(string identity)
    {
        try
        {
            return !identity.Contains("://", StringComparison.Ordinal) && File.Exists(identity) ? new FileInfo(identity).Length : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
