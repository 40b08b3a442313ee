namespace Sluice.Actions;

/// <summary>
/// What one attempt of an action needs of the machine while it runs: cores it keeps busy and memory it may hold. The
/// executor starts an attempt with an appetite only when the machine has room for it next to the attempts already
/// running (<see cref="Execution.ResourceGate"/>), so ten data tasks do not parse at once on two cores.
/// </summary>
/// <param name="Cores">Cores kept busy (the data engine's kernels run in parallel).</param>
/// <param name="MemoryBytes">Memory the attempt may hold at its peak.</param>
public sealed record ResourceAppetite(double Cores, long MemoryBytes)
{
    /// <summary>No appetite: the attempt mostly waits (a shell command, an HTTP request, a no-op) and is limited only by the run's parallelism.</summary>
    public static ResourceAppetite None { get; } = new(0, 0);

    /// <summary>True when the attempt needs nothing of the gate.</summary>
    public bool IsNone => Cores <= 0 && MemoryBytes <= 0;
}
