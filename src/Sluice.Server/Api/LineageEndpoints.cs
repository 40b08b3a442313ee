using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Lineage;
using Sluice.State;

namespace Sluice.Server.Api;

/// <summary>Lineage: what a run read and wrote, or a dataset's producers and consumers with column origins (as <c>sluice lineage</c>).</summary>
internal static class LineageEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/lineage", GetAsync).WithTags("Lineage")
            .WithSummary("The lineage graph of a run (?run=ID) or of a dataset (?dataset=PATH|URL, direction=upstream|downstream|both): datasets with schema, rows, fingerprint and column origins, tasks and edges.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
    }

    private static async Task<IResult> GetAsync(string? run, string? dataset, string? direction, IStateStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(run) == string.IsNullOrEmpty(dataset))
        {
            return Problems.BadField("run", "give exactly one of 'run' (a run id) and 'dataset' (a dataset path, URL or table handle)");
        }

        if (direction is not (null or "" or "upstream" or "downstream" or "both"))
        {
            return Problems.BadField("direction", $"must be upstream, downstream or both, was '{direction}'");
        }

        LineageGraph graph;
        if (!string.IsNullOrEmpty(run))
        {
            if (await store.GetRunAsync(run, cancellationToken).ConfigureAwait(false) is null)
            {
                return Problems.NotFound("Run", run);
            }

            graph = await LineageGraph.ForRunAsync(store, run, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            graph = await LineageGraph.ForDatasetAsync(store, dataset!, direction is not "downstream", direction is not "upstream", cancellationToken).ConfigureAwait(false);
            if (graph.Datasets.Count == 0)
            {
                return Problems.NotFound("Dataset", dataset!);
            }
        }

        return Results.Text(graph.ToJson(), "application/json");
    }
}
