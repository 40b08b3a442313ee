using Spectre.Console;

namespace Sluice.Cli.Output;

/// <summary>
/// Where output goes. Results (tables, JSON, a run's result line) go to stdout. Progress and logs go to
/// stderr, so that <c>sluice run ... &gt; out.json</c> captures only the result.
/// </summary>
internal static class Terminal
{
    private static readonly Lazy<IAnsiConsole> Err = new(() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
        Ansi = Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
    }));

    private static readonly Lazy<IAnsiConsole> Std = new(() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Out),
        Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
    }));

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
