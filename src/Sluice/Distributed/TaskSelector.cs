namespace Sluice.Distributed;

/// <summary>One task of one run: the work a worker limited to it may claim (<c>sluice task run RUN TASK</c>).</summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The task (all its <c>for_each</c> items).</param>
public sealed record TaskSelector(string RunId, string TaskId);
