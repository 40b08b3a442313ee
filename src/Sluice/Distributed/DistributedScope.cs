using Sluice.Expressions;

namespace Sluice.Distributed;

/// <summary>
/// Template names of a distributed run: <c>inputs</c>, <c>context</c>, <c>run</c>, <c>env</c> and final
/// upstream tasks. An overlay holds values decided in the current (uncommitted) transaction.
/// </summary>
internal sealed class DistributedScope(RunContext run, IReadOnlyDictionary<string, TaskValue>? overlay) : IExpressionScope
{
    public bool TryGetRoot(string name, out object? value)
    {
        switch (name)
        {
            case "inputs": value = run.Inputs; return true;
            case "context": value = run.Context; return true;
            case "run": value = run.RunVariables; return true;
            case "env": value = run.Env; return true;
        }
        if (!run.Model.Contains(name))
        {
            value = null;
            return false;
        }
        if (overlay is not null && overlay.TryGetValue(name, out var v))
        {
            value = v.Value;
            return true;
        }
        value = run.TryGetValue(name, out v) ? v.Value : null;
        return true;
    }

    public string? GetSecret(string name) => run.GetSecret(name);
}
