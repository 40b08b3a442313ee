using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Api;

/// <summary>RFC 9457 problem details for the API's errors.</summary>
internal static class Problems
{
    public static IResult NotFound(string what, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"There is no {what.ToLowerInvariant()} '{id}'.");

    public static IResult BadField(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}", title: "The request is invalid");

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> problems, string detail) =>
        Results.ValidationProblem(problems.ToDictionary(static p => p.Key, static p => p.Value), detail: detail, title: "The request is invalid");

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The run's state does not allow this", detail: detail);
}
