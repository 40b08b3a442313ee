using System.Text.Json;

namespace Sluice.TaskQueue;

/// <summary>The outcome of a job: its value, its error, or a timeout while waiting.</summary>
public sealed record TaskResult
{
    /// <summary>The job id.</summary>
    public required long Id { get; init; }

    /// <summary>Succeeded, failed or timed out.</summary>
    public required TaskResultStatus Status { get; init; }

    /// <summary>The result as JSON text when succeeded (<c>null</c> for a null result); else null.</summary>
    public string? ValueJson { get; init; }

    /// <summary>Why the job failed, or that waiting timed out; null when succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>Attempts started.</summary>
    public int Attempts { get; init; }

    /// <summary>True unless the job succeeded (seed 002's <c>result.is_error</c>).</summary>
    public bool IsError => Status != TaskResultStatus.Succeeded;

    /// <summary>The result as a JSON element (seed 002's <c>result.value</c>).</summary>
    /// <exception cref="InvalidOperationException">The job did not succeed.</exception>
    public JsonElement Value => ValueJson is { } json
        ? JsonDocument.Parse(json).RootElement.Clone()
        : throw new InvalidOperationException($"Job {Id} has no value: {Error}");

    /// <summary>The result deserialized as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The job did not succeed.</exception>
    public T? GetValue<T>() => ValueJson is { } json
        ? JsonSerializer.Deserialize<T>(json, TaskJson.Options)
        : throw new InvalidOperationException($"Job {Id} has no value: {Error}");
}
