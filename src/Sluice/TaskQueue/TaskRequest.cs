namespace Sluice.TaskQueue;

/// <summary>One job of a batch for <see cref="ITaskQueue.EnqueueManyAsync"/>.</summary>
/// <param name="Name">The handler name.</param>
/// <param name="Args">The arguments (serialized as JSON), or null.</param>
/// <param name="Options">Dependencies, priority, retries and queue; null for the defaults.</param>
public sealed record TaskRequest(string Name, object? Args = null, EnqueueOptions? Options = null);
