using System.Text.Json;

namespace Sluice.TaskQueue;

/// <summary>How job arguments and results are serialized: System.Text.Json with web defaults (camelCase, case-insensitive reads).</summary>
public static class TaskJson
{
    /// <summary>The serializer options used for arguments and results.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes <paramref name="value"/> to JSON text (<c>null</c> for null).</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
