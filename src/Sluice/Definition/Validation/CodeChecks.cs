using System.Collections;
using System.Text;
using Sluice.Actions;
using Sluice.Expressions;

namespace Sluice.Definition.Validation;

/// <summary>
/// Templates spliced into code (SLU047, a warning). A parameter an action declares as code
/// (<see cref="ParameterSpec.Code"/>: a shell command line, SQL) is run as it reads after rendering, so a value
/// spliced into it can rewrite it: an input <c>x' OR '1'='1</c> in a query, <c>x; rm -rf ~</c> in a command. Each
/// <c>{{ }}</c> part of such text is reported unless its last filter quotes for that language or it reads a value
/// the pipeline fixes itself (see <see cref="IsFixed"/>). A parameter that is one whole <c>{{ }}</c> is code
/// chosen as a whole (a list of commands run by <c>for_each</c>) and is not reported.
/// </summary>
internal static class CodeChecks
{
    public static void Run(ValidationScope s)
    {
        for (var i = 0; i < s.Definition.Tasks.Count; i++)
        {
            var task = s.Definition.Tasks[i];
            if (s.FindAction(task.Action)?.Descriptor is not { } descriptor)
            {
                continue;
            }
            foreach (var (name, value) in task.Parameters)
            {
                if (value is not string text || !Template.ContainsTemplate(text) || descriptor.FindParameter(name) is not { Code: not CodeLanguage.None } spec)
                {
                    continue;
                }
                // A template that does not parse is reported by ReferenceChecks (SLU300).
                if (!Template.TryParse(text, s.TextAt($"{ValidationScope.TaskPath(i)}.parameters.{name}", task.Id), out var template, out _) || template!.IsSingleExpression)
                {
                    continue;
                }
                foreach (var expr in template.Expressions)
                {
                    if (!string.Equals(expr.OuterFunction, QuotingFilter(spec.Code), StringComparison.Ordinal) && !IsFixed(s, expr))
                    {
                        Report(s, task.Id, spec, expr);
                    }
                }
            }
        }
    }

    private static string QuotingFilter(CodeLanguage language) => language == CodeLanguage.Sql ? "sql_literal" : "shell_quote";

    /// <summary>
    /// True when the part reads one value the pipeline decides itself, so no caller can put code into it: a member of
    /// <c>run</c>, <c>item_index</c>, a <c>context</c> key without templates, or an input whose declared type
    /// (integer, number, bool, duration, timestamp) or <c>enum</c> limits what it can hold.
    /// </summary>
    private static bool IsFixed(ValidationScope s, Expr expr)
    {
        if (expr.PlainReference is not { } r)
        {
            return false;
        }
        switch (r.Root)
        {
            case "run":
                return r.Member is not null;
            case "item_index":
                return true;
            case "context":
                return r.Member is { } key && s.Definition.Context.TryGetValue(key, out var value) && !HoldsTemplate(value);
            case "inputs":
                return r.Member is { } input && s.Definition.Inputs.FirstOrDefault(d => string.Equals(d.Name, input, StringComparison.Ordinal)) is { } declared
                    && (declared.Type is InputType.Integer or InputType.Number or InputType.Bool or InputType.Duration or InputType.Timestamp || declared.Enum is { Count: > 0 });
            default:
                return false;
        }
    }

    private static bool HoldsTemplate(object? value) => value switch
    {
        string text => Template.ContainsTemplate(text),
        IEnumerable<KeyValuePair<string, object?>> map => map.Any(static p => HoldsTemplate(p.Value)),
        IList list => list.Cast<object?>().Any(HoldsTemplate),
        _ => false,
    };

    private static void Report(ValidationScope s, string taskId, ParameterSpec spec, Expr expr)
    {
        var part = $"{{{{ {expr.Text} }}}}";
        var quoted = expr.PlainReference is not null || expr.OuterFunction is not null
            ? $"{{{{ {expr.Text} | {QuotingFilter(spec.Code)} }}}}"
            : $"{{{{ ({expr.Text}) | {QuotingFilter(spec.Code)} }}}}";
        var name = WordFor(expr);
        if (spec.Code == CodeLanguage.Sql)
        {
            s.Bag.Warning(DiagnosticCodes.TemplateInCode, expr.Location,
                $"task '{taskId}' puts {part} into its SQL ('{spec.Name}') unquoted: a value such as x' OR '1'='1 would change the query",
                $"bind it as a parameter instead: params: {{{name}: \"{part}\"}} and ${name} in the query; or quote it: {quoted}");
        }
        else
        {
            var variable = name.ToUpperInvariant();
            s.Bag.Warning(DiagnosticCodes.TemplateInCode, expr.Location,
                $"task '{taskId}' puts {part} into its shell command ('{spec.Name}') unquoted: a value such as 'x; rm -rf ~' would run as a command",
                $"pass it in the environment instead: env: {{{variable}: \"{part}\"}} and \"${variable}\" in the command (or run the program with 'args:', without a shell); or quote it: {quoted}");
        }
    }

    /// <summary>A parameter or variable name for the hint: the name the part reads (<c>who</c> for <c>inputs.who</c>), else <c>value</c>.</summary>
    private static string WordFor(Expr expr)
    {
        var source = expr.PlainReference is { } r ? r.Member ?? r.Root : "value";
        var word = new StringBuilder(source.Length);
        foreach (var c in source)
        {
            word.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        return word.Length == 0 || char.IsAsciiDigit(word[0]) ? "value" : word.ToString();
    }
}
