namespace Sluice.Server;

/// <summary>How <c>sluice serve</c> writes its log.</summary>
public enum ServerLogFormat
{
    /// <summary>Human-readable lines (the console default).</summary>
    Text,

    /// <summary>One JSON object per line on stderr, with run and task ids as separate fields (<c>--log-format json</c>).</summary>
    Json,
}
