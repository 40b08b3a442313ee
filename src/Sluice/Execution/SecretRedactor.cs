using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Execution;

/// <summary>
/// Replaces secret values with <c>***</c> in text that leaves a task (logs, errors, outputs, results). A multi-line
/// secret (a PEM key, JSON credentials) is also hidden line by line, since logs are written a line at a time, and in
/// its JSON-escaped forms, since outputs are stored as JSON. Thread-safe.
/// </summary>
public sealed class SecretRedactor
{
    private const int MinLength = 4;
    private volatile string[] _secrets = [];
    private readonly object _gate = new();

    /// <summary>A redactor that already hides every ambient secret (<see cref="Sluice.Secrets.SecretSources.AmbientValues"/>).</summary>
    public static SecretRedactor WithAmbientSecrets()
    {
        var redactor = new SecretRedactor();
        foreach (var value in Sluice.Secrets.SecretSources.AmbientValues())
        {
            redactor.Add(value);
        }
        return redactor;
    }

    /// <summary>Registers a value to hide. Values (and lines) shorter than 4 characters are ignored (they would hide too much).</summary>
    public void Add(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinLength)
        {
            return;
        }
        var forms = new List<string> { secret };
        foreach (var line in secret.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Trim().Length >= MinLength)
            {
                forms.Add(trimmed);
            }
        }
        foreach (var form in forms.ToArray())
        {
            forms.Add(JsonEncodedText.Encode(form, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
            forms.Add(JsonEncodedText.Encode(form).ToString());
        }
        lock (_gate)
        {
            var set = new HashSet<string>(_secrets, StringComparer.Ordinal);
            set.UnionWith(forms);
            // Longest first: the whole value is replaced before one of its lines could split it.
            _secrets = [.. set.OrderByDescending(static s => s.Length).ThenBy(static s => s, StringComparer.Ordinal)];
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
