using System.Collections.Frozen;

namespace Sluice.Expressions.Functions;

/// <summary>The allow-list of functions and filters. Nothing outside it can be called.</summary>
internal static class Builtins
{
    private static readonly FrozenDictionary<string, FunctionInfo> All = Build();

    /// <summary>Every function name, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Keys.Order(StringComparer.Ordinal)];

    public static bool TryGet(string name, out FunctionInfo function) => All.TryGetValue(name, out function!);

    /// <summary>The closest known name, for a "did you mean" hint (see <see cref="Shared.NameSuggestions"/>).</summary>
    public static string? Suggest(string name) => Shared.NameSuggestions.Closest(name, Names);

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
}
