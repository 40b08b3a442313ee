using System.Text.RegularExpressions;

namespace Sluice.Server.Security;

/// <summary>Resolves a setting that is either literal text or exactly <c>{{ secret('NAME') }}</c>.</summary>
internal static partial class SecretText
{
    /// <summary>The text, or the secret's value (null when the secret is not set).</summary>
    public static string? Resolve(string text, Func<string, string?> secrets)
    {
        var m = SecretCall().Match(text);
        return m.Success ? secrets(m.Groups[1].Value) : text;
    }

    [GeneratedRegex(@"^\{\{\s*secret\(\s*['""]([A-Za-z0-9_]+)['""]\s*\)\s*\}\}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretCall();
}
