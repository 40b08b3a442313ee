using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Distributed;

/// <summary>The item list of a mapped task, stored once at expansion so every worker sees the same items.</summary>
internal static class MapItems
{
    public static string Serialize(IReadOnlyList<object?> items) => ExprValues.ToJsonText(items);

    public static IReadOnlyList<object?> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ExprValues.FromJson(doc.RootElement) as IReadOnlyList<object?> ?? [];
    }
}
