using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Sluice.Expressions;
using Sluice.Server.Api.Models;

namespace Sluice.Server.Api;

/// <summary>Reads run request bodies; malformed JSON becomes a 400 problem that names the field and position.</summary>
internal static partial class RequestBodies
{
    public static async Task<(Dictionary<string, object?> Inputs, DateTimeOffset? LogicalDate, IResult? Error)> ReadRunRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (inputs, logicalDate, _, error) = await ReadRunRequestWithOptionsAsync(request, cancellationToken).ConfigureAwait(false);
        return (inputs, logicalDate, error);
    }

    /// <summary>As <see cref="ReadRunRequestAsync"/>, with <c>full_refresh</c>.</summary>
    public static async Task<(Dictionary<string, object?> Inputs, DateTimeOffset? LogicalDate, bool FullRefresh, IResult? Error)> ReadRunRequestWithOptionsAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (request.ContentLength == 0)
        {
            return (inputs, null, false, null);
        }
        RunRequestBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RunRequestBody>(request.Body, ApiJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return (inputs, null, false, Problems.BadField(FieldOf(ex), Describe(ex)));
        }
        if (body?.Inputs is { } given)
        {
            foreach (var (name, value) in given)
            {
                inputs[name] = ExprValues.FromJson(value);
            }
        }
        return (inputs, body?.LogicalDate, body?.FullRefresh == true, null);
    }

    private static string FieldOf(JsonException ex)
    {
        if (UnknownMember().Match(ex.Message) is { Success: true } m)
        {
            return m.Groups[1].Value;
        }
        var path = ex.Path ?? "$";
        return path is "$" or "" ? "body" : path.TrimStart('$', '.');
    }

    private static string Describe(JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
        if (UnknownMember().IsMatch(ex.Message))
        {
            return "unknown field; the body may have 'inputs' (an object), 'logical_date' (an ISO 8601 date-time) and 'full_refresh' (true or false)" + where;
        }
        if (ex.InnerException is FormatException or InvalidOperationException || ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return ex.Path switch
            {
                "$.inputs" => "must be a JSON object of input values" + where,
                "$.logical_date" => "must be an ISO 8601 date-time" + where,
                "$.full_refresh" => "must be true or false" + where,
                "$" => "the body must be a JSON object such as {\"inputs\": {...}}" + where,
                _ => "has the wrong type" + where,
            };
        }
        return "malformed JSON" + where;
    }

    [GeneratedRegex("property '([^']+)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownMember();
}
