using System.Text.Json;

namespace Sluice.Server.Api.Models;

/// <summary>The body of <c>POST /api/pipelines/{id}/runs</c> (and of webhooks): input values and an optional logical date.</summary>
internal sealed record RunRequestBody
{
    /// <summary>Input values by name; text is converted to the declared type.</summary>
    public Dictionary<string, JsonElement>? Inputs { get; init; }

    /// <summary>The logical date (ISO 8601), or null.</summary>
    public DateTimeOffset? LogicalDate { get; init; }

    /// <summary>True to forget the pipeline's incremental marks first (<c>sluice run --full-refresh</c>); runs from the API only.</summary>
    public bool? FullRefresh { get; init; }
}
