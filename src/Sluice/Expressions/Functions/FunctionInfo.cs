namespace Sluice.Expressions.Functions;

/// <summary>An allow-listed function: its name, how many arguments it takes, and its body.</summary>
/// <param name="Name">The name used in calls and filters.</param>
/// <param name="MinArgs">The fewest arguments (the piped value of a filter counts as the first).</param>
/// <param name="MaxArgs">The most arguments; <see cref="int.MaxValue"/> when unbounded.</param>
/// <param name="Invoke">The body.</param>
internal sealed record FunctionInfo(string Name, int MinArgs, int MaxArgs, BuiltinFunction Invoke)
{
    /// <summary>How the arity reads in a message: "1 argument", "1 or 2 arguments", "at least 1 argument".</summary>
    public string Arity =>
        MaxArgs == int.MaxValue ? $"at least {Plural(MinArgs)}"
        : MinArgs == MaxArgs ? Plural(MinArgs)
        : MaxArgs == MinArgs + 1 ? $"{MinArgs} or {Plural(MaxArgs)}"
        : $"{MinArgs} to {Plural(MaxArgs)}";

    private static string Plural(int count) => count == 1 ? "1 argument" : $"{count} arguments";
}
