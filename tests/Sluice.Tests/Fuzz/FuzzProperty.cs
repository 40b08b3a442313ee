using System.Globalization;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace Sluice.Tests.Fuzz;

/// <summary>
/// Runs a fuzz property with FsCheck: a fixed seed and case count by default (the CI run), overridden by
/// <c>SLUICE_FUZZ_SEED</c> and <c>SLUICE_FUZZ_CASES</c> for a soak (<c>bench/Fuzz/run.sh</c>). Each case runs with a
/// time bound, so a hang fails the property with the case that hung instead of stalling the test run.
/// </summary>
/// <remarks>Linked into Sluice.Data.Tests as well; it depends only on FsCheck and the BCL.</remarks>
internal static partial class FuzzProperty
{
    /// <summary>The seed of the CI run. Change it only on purpose: a new seed is a new corpus.</summary>
    public const ulong DefaultSeed = 20261207;

    /// <summary>How long one case may take before it counts as a hang. Generous: the machine is shared.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The seed in use (<c>SLUICE_FUZZ_SEED</c> or <see cref="DefaultSeed"/>).</summary>
    public static ulong Seed { get; } =
        ulong.TryParse(Environment.GetEnvironmentVariable("SLUICE_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

    /// <summary>The number of cases: <c>SLUICE_FUZZ_CASES</c> when set, else <paramref name="ciCases"/>.</summary>
    public static int Cases(int ciCases) =>
        int.TryParse(Environment.GetEnvironmentVariable("SLUICE_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ciCases;

    /// <summary>
    /// Checks <paramref name="property"/> on <paramref name="cases"/> values of <paramref name="gen"/>; throws with the
    /// seed, the failing case and the reason on the first failure.
    /// </summary>
    public static void Check<T>(string name, Gen<T> gen, int cases, Action<T> property, Func<T, string>? show = null, TimeSpan? caseTimeout = null)
    {
        var timeout = caseTimeout ?? CaseTimeout;
        var arbitrary = Arb.From(gen);
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithQuietOnSuccess(true)
            .WithReplay(new Replay(new Rnd(Seed, 0x9E3779B97F4A7C15UL), null))
            .WithName($"{name} (seed {Seed}, {cases} cases)");
        FsCheck.Check.One(config, Prop.ForAll(arbitrary, (T value) => Bounded(value, property, show, timeout)));
    }

    /// <summary>Runs one case on the thread pool and waits at most <paramref name="timeout"/>.</summary>
    private static void Bounded<T>(T value, Action<T> property, Func<T, string>? show, TimeSpan timeout)
    {
        var task = Task.Run(() => property(value));
        if (!task.Wait(timeout) && !task.IsCompleted)
        {
            throw new FuzzFailure($"hang: the case took more than {timeout.TotalSeconds:0} s: {Show(value, show)}");
        }
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not FuzzFailure)
        {
            throw new FuzzFailure($"crash: {e.GetType().FullName}: {e.Message} on {Show(value, show)}\n{e.StackTrace}", e);
        }
        catch (FuzzFailure f)
        {
            throw new FuzzFailure($"{f.Message} on {Show(value, show)}", f);
        }
    }

    private static string Show<T>(T value, Func<T, string>? show)
    {
        var text = show?.Invoke(value) ?? value?.ToString() ?? "null";
        return text.Length > 2000 ? string.Concat(text.AsSpan(0, 2000), $"... ({text.Length} chars)") : text;
    }

    /// <summary>
    /// True when <paramref name="message"/> shows a raw .NET exception to the user: a framework type name or one of the
    /// framework's stock messages that carry no location and no fix.
    /// </summary>
    public static bool LooksRaw(string message) => RawMessage().IsMatch(message);

    [GeneratedRegex(@"\b(System\.[A-Z]\w+|\w+Exception\b|Object reference not set|Index was outside|Specified argument was out of the range|Input string was not in a correct format|Unable to cast object|Sequence contains|Value cannot be null|Arithmetic operation resulted in an overflow|An item with the same key)")]
    private static partial Regex RawMessage();
}

/// <summary>A fuzz property did not hold: an unexpected exception, an unlocated error or a hang.</summary>
internal sealed class FuzzFailure : Exception
{
    public FuzzFailure(string message) : base(message) { }

    public FuzzFailure(string message, Exception inner) : base(message, inner) { }
}
