namespace Sluice.Server.Api.Models;

/// <summary>The answer to cancel and resume: what was done.</summary>
internal sealed record CommandAcceptedDto(string RunId, string Status);
