using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Common;

/// <summary>Typed reads of rendered parameter values with messages that name the parameter.</summary>
internal static class Args
{
    public static string? String(IReadOnlyDictionary<string, object?> map, string name, string where) => map.GetValueOrDefault(name) switch
    {
        null or AutoValue => null,
        string s => s,
        long or double or bool => ExprValues.ToText(map[name]),
        var v => throw new SluiceException($"{where}'{name}' must be text, got {ExprValues.TypeName(v)}"),
    };

    public static bool? Bool(IReadOnlyDictionary<string, object?> map, string name, string where) => map.GetValueOrDefault(name) switch
    {
        null or AutoValue => null,
        bool b => b,
        var v => throw new SluiceException($"{where}'{name}' must be true or false, got {ExprValues.ToText(v)}"),
    };

    public static long? Long(IReadOnlyDictionary<string, object?> map, string name, string where) => map.GetValueOrDefault(name) switch
    {
        null or AutoValue => null,
        long l => l,
        double d when d == Math.Floor(d) => (long)d,
        var v => throw new SluiceException($"{where}'{name}' must be an integer, got {ExprValues.ToText(v)}"),
    };

    /// <summary>A list of texts; a single text counts as a list of one.</summary>
    public static IReadOnlyList<string>? Strings(IReadOnlyDictionary<string, object?> map, string name, string where) => map.GetValueOrDefault(name) switch
    {
        null or AutoValue => null,
        string s => [s],
        IReadOnlyList<object?> list => [.. list.Select(i => i as string ?? throw new SluiceException($"{where}'{name}' must be a list of names, got {ExprValues.ToText(i)}"))],
        var v => throw new SluiceException($"{where}'{name}' must be a list of names, got {ExprValues.TypeName(v)}"),
    };

    public static IReadOnlyDictionary<string, object?>? Map(IReadOnlyDictionary<string, object?> map, string name, string where) => map.GetValueOrDefault(name) switch
    {
        null or AutoValue => null,
        IReadOnlyDictionary<string, object?> m => m,
        var v => throw new SluiceException($"{where}'{name}' must be a map, got {ExprValues.TypeName(v)}"),
    };

    public static string OneOf(string? value, string name, string where, string fallback, params string[] allowed)
    {
        var v = value ?? fallback;
        return allowed.Contains(v, StringComparer.Ordinal)
            ? v
            : throw new SluiceException($"{where}'{name}' must be one of {string.Join(", ", allowed)}, got '{v}'");
    }
}
