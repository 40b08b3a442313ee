using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// One problem in an action's parameters, found the same way at load time (reported at file:line:col) and at run time
/// (thrown). <see cref="Path"/> is below the task's <c>parameters</c>, such as <c>features[2].window</c>.
/// </summary>
internal sealed record ParameterIssue(string Path, string Message, string? Hint = null)
{
    /// <summary>The diagnostic for load time.</summary>
    public Diagnostic ToDiagnostic(Func<string, SourceLocation> locate) =>
        new(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, Message, locate(Path), Hint);

    /// <summary>Throws every issue as one permanent error naming the task.</summary>
    public static void ThrowIfAny(IReadOnlyList<ParameterIssue> issues, string taskId)
    {
        if (issues.Count > 0)
        {
            throw new SluiceException($"invalid parameters of task '{taskId}': {string.Join("; ", issues.Select(static i => i.Hint is null ? i.Message : $"{i.Message} ({i.Hint})"))}", false);
        }
    }

    /// <summary>True for a value only known at run time: a template, or <c>&lt;AUTO&gt;</c>.</summary>
    public static bool IsDeferred(object? value) => value is AutoValue || (value is string s && Template.ContainsTemplate(s));

    /// <summary>A number (integer or float), or null with an issue when it is something else.</summary>
    public static double? Number(object? value, string path, List<ParameterIssue> issues) => value switch
    {
        long l => l,
        double d => d,
        int i => i,
        _ => Add<double?>(issues, new(path, $"'{path}' must be a number, got {ExprValues.ToText(value)}")),
    };

    /// <summary>An integer, or null with an issue when it is something else.</summary>
    public static long? Integer(object? value, string path, List<ParameterIssue> issues) => value switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => (long)d,
        _ => Add<long?>(issues, new(path, $"'{path}' must be an integer, got {ExprValues.ToText(value)}")),
    };

    /// <summary>A column name or list of names; null (with an issue) for anything else.</summary>
    public static IReadOnlyList<string>? Names(object? value, string path, List<ParameterIssue> issues)
    {
        switch (value)
        {
            case string s:
                return [s];
            case IReadOnlyList<object?> list when list.All(static i => i is string):
                return [.. list.Cast<string>()];
            default:
                issues.Add(new(path, $"'{path}' must be a column name or a list of column names, got {ExprValues.ToText(value)}"));
                return null;
        }
    }

    /// <summary>An issue when <paramref name="value"/> is not one of <paramref name="allowed"/>; the value otherwise.</summary>
    public static string? OneOf(object? value, string path, List<ParameterIssue> issues, params string[] allowed)
    {
        if (value is string s && allowed.Contains(s, StringComparer.Ordinal))
        {
            return s;
        }

        var text = value is string t ? t : ExprValues.ToText(value);
        issues.Add(new(path, $"'{path}' cannot be '{text}'", NameSuggester.Hint(text, allowed, "values")));
        return null;
    }

    private static T Add<T>(List<ParameterIssue> issues, ParameterIssue issue)
    {
        issues.Add(issue);
        return default!;
    }
}
