namespace Sluice.Execution;

/// <summary>Replaces secret values with <c>***</c> in text that leaves a task (logs, errors). Thread-safe.</summary>
public sealed class SecretRedactor
{
    private volatile string[] _secrets = [];
    private readonly object _gate = new();

    /// <summary>Registers a value to hide. Values shorter than 4 characters are ignored (they would hide too much).</summary>
    public void Add(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 4)
        {
            return;
        }
        lock (_gate)
        {
            if (Array.IndexOf(_secrets, secret) < 0)
            {
                _secrets = [.. _secrets, secret];
            }
        }
    }

    /// <summary>The text with every registered secret replaced.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var s in _secrets)
        {
            if (text.Contains(s, StringComparison.Ordinal))
            {
                text = text.Replace(s, "***", StringComparison.Ordinal);
            }
        }
        return text;
    }
}
