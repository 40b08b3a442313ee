// TEMPORARY stub until the expression engine lands; replaced at merge.
using System.Text.Json;

namespace Sluice.Expressions;

public static class ExprValues
{
    public static bool IsTruthy(object? v) => v switch { null => false, bool b => b, long l => l != 0, double d => d != 0, string s => s.Length > 0, _ => true };
    public static string TypeName(object? v) => v?.GetType().Name ?? "null";
    public static string ToText(object? v) => v?.ToString() ?? "";
    public static bool AreEqual(object? a, object? b) => Equals(a, b);
    public static void ToJson(Utf8JsonWriter w, object? v) { ArgumentNullException.ThrowIfNull(w); w.WriteStringValue(ToText(v)); }
    public static object? FromJson(JsonElement e) => e.ToString();
}
