namespace Sluice.Definition;

/// <summary>
/// A task's <c>rate_limit: {requests, per, key}</c>: at most <paramref name="Requests"/> attempts start in any interval
/// of <paramref name="Per"/> among all tasks, runs and pipelines of the process that share the key.
/// </summary>
/// <param name="Requests">Attempts allowed per interval (at least 1).</param>
/// <param name="Per">The interval.</param>
/// <param name="Key"><c>host</c> (the host of the first http(s) URL among the task's parameters), <c>action</c> (the
/// action's name), or any other word naming a limit shared by the tasks that write it.</param>
public sealed record RateLimitSettings(int Requests, TimeSpan Per, string Key);
