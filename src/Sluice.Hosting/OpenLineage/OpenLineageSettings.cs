namespace Sluice.Hosting.OpenLineage;

/// <summary>
/// Where and how Sluice sends OpenLineage events: the transport, the job namespace and the producer URI. Read by
/// <see cref="OpenLineageConfig.Load"/> the way the official OpenLineage clients read theirs.
/// </summary>
public sealed record OpenLineageSettings
{
    /// <summary>The default producer URI: Sluice's OpenLineage integration.</summary>
    public const string DefaultProducer = "https://github.com/sluice-pipelines/sluice/tree/main/src/Sluice.Hosting/OpenLineage";

    /// <summary>The transport (<c>http</c>, <c>file</c> or <c>console</c>).</summary>
    public required OpenLineageTransportSettings Transport { get; init; }

    /// <summary>The namespace of every job (pipelines and their tasks). The default is <c>default</c>, as in the official clients.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>The <c>producer</c> URI of every event and facet.</summary>
    public string Producer { get; init; } = DefaultProducer;

    /// <summary>Where the settings came from (a file, or the environment), for messages.</summary>
    public string Origin { get; init; } = "";
}
