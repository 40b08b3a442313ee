using Sluice.Expressions;

namespace Sluice.Tests.Fuzz;

/// <summary>The roots a fuzzed expression can read: a value of every kind, nested, plus a secret.</summary>
internal sealed class FuzzScope : IExpressionScope
{
    public static readonly FuzzScope Instance = new();

    private static readonly IReadOnlyList<object?> Numbers = [1L, 2L, 3L];

    private static readonly Dictionary<string, object?> Roots = new(StringComparer.Ordinal)
    {
        ["inputs"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["x"] = 3L,
            ["s"] = "text, with {braces} and 'quotes'",
            ["l"] = Numbers,
            ["m"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["a"] = 1L, ["b"] = Numbers },
            ["n"] = null,
            ["f"] = 2.5,
            ["big"] = long.MaxValue,
            ["deep"] = Deep(40),
            ["shared"] = new List<object?> { Numbers, Numbers, Numbers },
        },
        ["item"] = "it",
        ["env"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["HOME"] = "/home/x" },
        ["context"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["run_id"] = "r1", ["attempt"] = 1L },
        ["a"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["stdout"] = "out" },
    };

    public bool TryGetRoot(string name, out object? value) => Roots.TryGetValue(name, out value);

    public string? GetSecret(string name) => name == "x" ? "s3cret" : null;

    private static object? Deep(int levels) => levels == 0 ? 0L : new List<object?> { Deep(levels - 1) };
}
