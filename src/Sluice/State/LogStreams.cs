namespace Sluice.State;

/// <summary>The log streams with a meaning beyond a line of text; <c>sluice show</c>, the run report and the run page read them back.</summary>
public static class LogStreams
{
    /// <summary>One line per <c>&lt;AUTO&gt;</c> parameter: the value chosen, by whom (model or heuristic), why, and tokens.</summary>
    public const string Auto = "auto";

    /// <summary>One line per task that used a model: <see cref="ModelUsage"/> as <c>key=value</c> pairs.</summary>
    public const string Usage = "usage";

    /// <summary>
    /// One line per failing-row sample (a JSON object: check, row, column, value) of a quality task whose gate failed it:
    /// such a task stores no outputs, so its <c>failing_rows</c> would be lost. The quality page reads them back.
    /// </summary>
    public const string FailingRows = "failing_rows";
}
