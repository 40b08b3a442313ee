namespace Sluice.Distributed;

/// <summary>Stored names of <see cref="JobState"/> values (snake_case, as task states).</summary>
public static class JobStates
{
    private static readonly string[] Names = ["pending", "ready", "leased", "succeeded", "failed"];

    /// <summary>The stored name of <paramref name="state"/>.</summary>
    public static string ToName(JobState state) => Names[(int)state];

    /// <summary>Parses a stored name.</summary>
    /// <exception cref="FormatException">The name is unknown.</exception>
    public static JobState Parse(string name)
    {
        var i = Array.IndexOf(Names, name);
        return i >= 0 ? (JobState)i : throw new FormatException($"Unknown job state '{name}'.");
    }
}
