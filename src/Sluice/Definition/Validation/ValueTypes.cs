using System.Collections;
using System.Globalization;
using Sluice.Actions;

namespace Sluice.Definition.Validation;

/// <summary>Static type checks of literal values against declared parameter and input types.</summary>
internal static class ValueTypes
{
    public static bool Matches(object? value, ParameterType type) => type switch
    {
        ParameterType.Any => true,
        ParameterType.String => value is string,
        ParameterType.Integer => IsInteger(value),
        ParameterType.Number => IsInteger(value) || value is double or float or decimal,
        ParameterType.Boolean => value is bool,
        ParameterType.List => value is IList,
        ParameterType.Map => value is IDictionary or IReadOnlyDictionary<string, object?>,
        ParameterType.Duration => IsDuration(value),
        ParameterType.Dataset => value is string or IReadOnlyDictionary<string, object?>,
        _ => true,
    };

    public static bool Matches(object? value, InputType type) => type switch
    {
        InputType.Any => true,
        InputType.String or InputType.Path => value is string,
        InputType.Integer => IsInteger(value),
        InputType.Number => IsInteger(value) || value is double or float or decimal,
        InputType.Bool => value is bool,
        InputType.List => value is IList,
        InputType.Map => value is IDictionary or IReadOnlyDictionary<string, object?>,
        InputType.Duration => IsDuration(value),
        InputType.Timestamp => value is DateTimeOffset or DateTime
            || (value is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)),
        _ => true,
    };

    /// <summary>Loose equality for allowed values: numbers compare by value, everything else by Equals.</summary>
    public static bool SameValue(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);
        }
        return Equals(a, b);
    }

    public static string Name(ParameterType type) => type switch
    {
        ParameterType.String => "text",
        ParameterType.Integer => "a whole number",
        ParameterType.Number => "a number",
        ParameterType.Boolean => "true or false",
        ParameterType.List => "a list",
        ParameterType.Map => "a mapping",
        ParameterType.Duration => "a duration such as 30s or 5m",
        ParameterType.Dataset => "a dataset (a path, a map such as {path, format}, or an upstream task's output)",
        _ => "any value",
    };

    public static string Name(InputType type) => type switch
    {
        InputType.String => "text",
        InputType.Integer => "a whole number",
        InputType.Number => "a number",
        InputType.Bool => "true or false",
        InputType.List => "a list",
        InputType.Map => "a mapping",
        InputType.Duration => "a duration such as 30s or 5m",
        InputType.Timestamp => "an ISO 8601 timestamp",
        _ => "any value",
    };

    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        IDictionary or IReadOnlyDictionary<string, object?> => "a mapping",
        IList => "a list",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    private static bool IsInteger(object? v) => v is long or int or short or byte or uint or ushort or sbyte;

    private static bool IsNumber(object? v) => IsInteger(v) || v is double or float or decimal;

    private static bool IsDuration(object? v) =>
        v is TimeSpan || IsInteger(v) || (v is string s && DurationParser.TryParse(s, out _, out _));
}
