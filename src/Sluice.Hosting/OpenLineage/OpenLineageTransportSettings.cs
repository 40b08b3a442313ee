namespace Sluice.Hosting.OpenLineage;

/// <summary>The <c>transport:</c> section of <c>openlineage.yml</c> (or <c>OPENLINEAGE_URL</c> and friends).</summary>
public sealed record OpenLineageTransportSettings
{
    /// <summary><c>http</c>, <c>file</c> or <c>console</c>.</summary>
    public required string Type { get; init; }

    /// <summary>http: the server, such as <c>http://localhost:5000</c> for Marquez.</summary>
    public string? Url { get; init; }

    /// <summary>http: the path events are posted to. The default is <c>api/v1/lineage</c> (Marquez).</summary>
    public string Endpoint { get; init; } = "api/v1/lineage";

    /// <summary>http: sent as <c>Authorization: Bearer …</c> when set (<c>auth: {type: api_key, apiKey: …}</c>).</summary>
    public string? ApiKey { get; init; }

    /// <summary>http: the time one request may take. The default is 5 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>http: how many times an event is sent before it is dropped (with a note). The default is 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>file: the JSON-lines file events are appended to (<c>log_file_path</c>, or <c>location</c> as the Java client calls it).</summary>
    public string? Path { get; init; }
}
