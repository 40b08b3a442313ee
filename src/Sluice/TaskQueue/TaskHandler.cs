using System.Text.Json;

namespace Sluice.TaskQueue;

/// <summary>Runs one job: receives its JSON arguments, returns its result (any value System.Text.Json can serialize, or null).</summary>
/// <param name="args">The job's arguments.</param>
/// <param name="cancellationToken">Cancelled when the worker stops or loses the job's lease.</param>
public delegate Task<object?> TaskHandler(JsonElement args, CancellationToken cancellationToken);
