namespace Sluice.Distributed;

/// <summary>
/// Why a distributed run is stopping, as stored with the work items told to stop: a user's cancel (the run ends
/// <c>cancelled</c>) or a task that failed the run (<c>on_fail: fail_run</c>; the run ends <c>failed</c>). The store keeps
/// one text; a run failure carries a leading marker that only this type writes and reads.
/// </summary>
internal static class StopReason
{
    private const char FailsRunMark = '\u0001';

    /// <summary>The text to store.</summary>
    public static string Encode(string reason, bool failsRun) => failsRun ? FailsRunMark + reason : reason;

    /// <summary>The reason as shown to people (without the marker).</summary>
    public static string Text(string stored) => FailsRun(stored) ? stored[1..] : stored;

    /// <summary>True when the stop was caused by a task failing the run.</summary>
    public static bool FailsRun(string stored) => stored.Length > 0 && stored[0] == FailsRunMark;
}
