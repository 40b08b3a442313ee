using Sluice.Definition;
using Sluice.State;

namespace Sluice.Execution;

/// <summary>Shortcuts over <see cref="IRunEngine"/>.</summary>
public static class RunEngineExtensions
{
    /// <summary>Starts a new run (<see cref="IRunEngine.StartAsync"/>) and brings it to its end (<see cref="IRunEngine.ExecuteAsync"/>).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="definition">The pipeline.</param>
    /// <param name="version">Its stored version (saved when new).</param>
    /// <param name="inputs">Bound run inputs.</param>
    /// <param name="cancellationToken">Cancels the run (it ends cancelled; the outcome is still returned).</param>
    public static async Task<RunOutcome> RunAsync(this IRunEngine engine, PipelineDefinition definition, PipelineVersionRecord version,
        IReadOnlyDictionary<string, object?> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var run = await engine.StartAsync(definition, version, inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await engine.ExecuteAsync(definition, run, cancellationToken).ConfigureAwait(false);
    }
}
