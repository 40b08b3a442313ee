namespace Sluice.Server.Api.Models;

/// <summary>Body of <c>POST /api/runs/{id}/tasks/{task}/mark</c>.</summary>
/// <param name="State"><c>succeeded</c> or <c>skipped</c>.</param>
/// <param name="Reason">Why (required; kept in the task's log and the audit trail).</param>
internal sealed record MarkRequestBody(string? State, string? Reason);
