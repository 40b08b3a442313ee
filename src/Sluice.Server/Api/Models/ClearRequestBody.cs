namespace Sluice.Server.Api.Models;

/// <summary>Body of <c>POST /api/runs/{id}/clear</c>.</summary>
/// <param name="Tasks">The tasks to clear.</param>
/// <param name="Items">Item indexes of the one <c>for_each</c> task in <paramref name="Tasks"/>, or null for whole tasks.</param>
/// <param name="Downstream">Also clear every task downstream (the default is true).</param>
internal sealed record ClearRequestBody(IReadOnlyList<string>? Tasks, IReadOnlyList<int>? Items, bool? Downstream);
