using System.Collections.Frozen;

namespace Sluice.Expressions.Functions;

/// <summary>The allow-list of functions and filters. Nothing outside it can be called.</summary>
internal static class Builtins
{
    private static readonly FrozenDictionary<string, FunctionInfo> All = Build();

    /// <summary>Every function name, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Keys.Order(StringComparer.Ordinal)];

    public static bool TryGet(string name, out FunctionInfo function) => All.TryGetValue(name, out function!);

    /// <summary>The closest known name within a third of the name's length in edits, for a "did you mean" hint.</summary>
    public static string? Suggest(string name)
    {
        string? best = null;
        var bestDistance = Math.Max(1, name.Length / 3) + 1;
        foreach (var candidate in Names)
        {
            var distance = EditDistance(name, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static FrozenDictionary<string, FunctionInfo> Build()
    {
        var functions = new Dictionary<string, FunctionInfo>(StringComparer.Ordinal);
        void Add(string name, int min, int max, BuiltinFunction body) => functions.Add(name, new FunctionInfo(name, min, max, body));

        StringFunctions.Register(Add);
        NumberFunctions.Register(Add);
        ConversionFunctions.Register(Add);
        CollectionFunctions.Register(Add);
        return functions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
