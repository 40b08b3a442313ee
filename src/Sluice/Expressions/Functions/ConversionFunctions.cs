using System.Globalization;
using System.Text.Json;
using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>str/string, int, float, bool, json/tojson, from_json, default, coalesce, secret.</summary>
internal static partial class ConversionFunctions
{
    public static void Register(Registrar add)
    {
        add("str", 1, 1, Text);
        add("string", 1, 1, Text);
        add("int", 1, 1, ToInteger);
        add("float", 1, 1, ToFloat);
        add("bool", 1, 1, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => ExprValues.IsTruthy(a[0]));
        add("json", 1, 1, Json);
        add("tojson", 1, 1, Json);
        add("from_json", 1, 1, FromJson);
        add("default", 2, 3, Default);
        add("coalesce", 1, int.MaxValue, Coalesce);
        add("secret", 1, 1, Secret);
    }

    private static object Text(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        return context.ToText(args[0], offset);
    }

    private static object ToInteger(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        switch (args[0])
        {
            case long l:
                return l;
            case bool b:
                return b ? 1L : 0L;
            case double d when double.IsFinite(d) && d is >= -9.2233720368547758E18 and < 9.2233720368547758E18:
                return (long)Math.Truncate(d);
            case double d:
                throw context.Error(offset, $"int() cannot convert {ExprValues.FormatDouble(d)}");
            case string s when long.TryParse(s.Trim().Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            case string s:
                throw context.Error(offset, $"int() cannot convert '{s}'; it is not an integer");
            default:
                throw Args.Wrong(ref context, offset, "int", 0, "a number, bool or string", args[0]);
        }
    }

    private static object ToFloat(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        switch (args[0])
        {
            case long l:
                return (double)l;
            case double d:
                return d;
            case bool b:
                return b ? 1.0 : 0.0;
            case string s:
                var text = s.Trim();
                var special = text.ToLowerInvariant() switch
                {
                    "nan" or "+nan" or "-nan" => double.NaN,
                    "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
                    "-inf" or "-infinity" => double.NegativeInfinity,
                    _ => (double?)null,
                };
                if (special is { } value)
                {
                    return value;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw context.Error(offset, $"float() cannot convert '{s}'; it is not a number");
            default:
                throw Args.Wrong(ref context, offset, "float", 0, "a number, bool or string", args[0]);
        }
    }

    private static object Json(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        if (args[0] is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>)
        {
            // A list's or map's text is its compact JSON, written only up to the limit.
            return context.ToText(args[0], offset);
        }

        // A scalar's JSON is at most a few times the length of a string that is already within the limit.
        var text = ExprValues.ToJsonText(args[0]);
        context.CheckStringLength(text.Length, offset);
        return text;
    }

    private static object? FromJson(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var text = Args.Text(ref context, offset, "from_json", args, 0);
        try
        {
            using var document = JsonDocument.Parse(text);
            return ExprValues.FromJson(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw context.Error(offset, $"from_json() got invalid JSON: {ex.Message}");
        }
    }

    private static object? Default(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        // default(x, fallback, true) also replaces falsy values (like Jinja's boolean flag), not only null.
        var replaceFalsy = args.Length == 3 && ExprValues.IsTruthy(args[2]);
        return args[0] is null || (replaceFalsy && !ExprValues.IsTruthy(args[0])) ? args[1] : args[0];
    }

    private static object? Coalesce(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        foreach (var value in args)
        {
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    private static object Secret(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var name = Args.Text(ref context, offset, "secret", args, 0);
        return context.Scope.GetSecret(name) ?? throw context.Error(offset, $"secret '{name}' is not set");
    }
}
