namespace Sluice.Server.Api.Models;

/// <summary>A page of runs, newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next page (null at the end).</summary>
internal sealed record RunListDto(IReadOnlyList<RunDto> Runs, string? NextBefore);
