using System.Globalization;
using Spectre.Console;

namespace Sluice.Cli.Output;

/// <summary>
/// Where output goes. Results (tables, JSON, a run's result line) go to stdout. Progress and logs go to
/// stderr, so that <c>sluice run ... &gt; out.json</c> captures only the result.
/// </summary>
internal static class Terminal
{
    /// <summary>The width given to output that is not a terminal: wide enough that no table row or id is wrapped.</summary>
    internal const int RedirectedWidth = 4096;

    private static readonly Lazy<IAnsiConsole> Err = new(() => Create(Console.Error, Console.IsErrorRedirected));

    private static readonly Lazy<IAnsiConsole> Std = new(() => Create(Console.Out, Console.IsOutputRedirected));

    /// <summary>
    /// The width to lay output out for: <c>$COLUMNS</c> when set (as <c>ls</c> and <c>git</c> read it), else
    /// unwrapped for a pipe or file — lines there are for grep and less, and Spectre's 80-column default would
    /// split run ids and table rows — and null (the terminal's own width) otherwise.
    /// </summary>
    internal static int? Width(bool redirected, string? columns) =>
        int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width > 0
            ? width
            : redirected ? RedirectedWidth : null;

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (Width(redirected, Environment.GetEnvironmentVariable("COLUMNS")) is { } width)
        {
            console.Profile.Width = width;
        }
        return console;
    }

    /// <summary>The console for results (stdout).</summary>
    public static IAnsiConsole Out => Std.Value;

    /// <summary>The console for progress and diagnostics (stderr).</summary>
    public static IAnsiConsole Diag => Err.Value;

    /// <summary>True when stderr is an interactive terminal (live progress line allowed).</summary>
    public static bool ErrorIsTerminal => !Console.IsErrorRedirected;

    /// <summary>Writes an error line to stderr.</summary>
    public static void Error(string message) => Diag.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    /// <summary>Writes a warning line to stderr.</summary>
    public static void Warning(string message) => Diag.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

    /// <summary>Writes a note to stderr.</summary>
    public static void Note(string message) => Diag.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
}
