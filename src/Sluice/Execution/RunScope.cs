using Sluice.Expressions;

namespace Sluice.Execution;

/// <summary>The names templates can read in a run: inputs, context, run, env, and upstream tasks' outputs.</summary>
internal sealed class RunScope : IExpressionScope
{
    private readonly Dictionary<string, TaskNode> _tasks;
    private readonly Func<string, string?> _secrets;

    public RunScope(Dictionary<string, TaskNode> tasks, Func<string, string?> secrets)
    {
        _tasks = tasks;
        _secrets = secrets;
    }

    public IReadOnlyDictionary<string, object?> Inputs { get; set; } = new Dictionary<string, object?>();
    public IReadOnlyDictionary<string, object?> Context { get; set; } = new Dictionary<string, object?>();
    public IReadOnlyDictionary<string, object?> Run { get; set; } = new Dictionary<string, object?>();
    public IReadOnlyDictionary<string, object?> Env { get; set; } = new Dictionary<string, object?>();

    /// <summary>Secret values handed out so far, for redaction of logs.</summary>
    public SecretRedactor Redactor { get; } = SecretRedactor.WithAmbientSecrets();

    public bool TryGetRoot(string name, out object? value)
    {
        switch (name)
        {
            case "inputs": value = Inputs; return true;
            case "context": value = Context; return true;
            case "run": value = Run; return true;
            case "env": value = Env; return true;
        }
        if (_tasks.TryGetValue(name, out var node))
        {
            value = node.ScopeValue;
            return true;
        }
        value = null;
        return false;
    }

    public string? GetSecret(string name)
    {
        var v = _secrets(name);
        if (v is not null)
        {
            Redactor.Add(v);
        }
        return v;
    }
}
