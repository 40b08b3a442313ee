using System.Globalization;
using Sluice.Data.Anomalies;
using Sluice.Definition;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// The parameters of <c>run_anomaly_detection</c>, read the same way at load time (literal values only; templates and
/// <c>&lt;AUTO&gt;</c> are skipped) and at run time. <c>sensitivity</c> presets <c>threshold</c>, <c>iqr_k</c> and
/// <c>contamination</c> when those are not set: low = 3.5 / 3.0 / 0.01, medium = 3 / 1.5 / auto, high = 2.5 / 1.0 / 0.1;
/// <c>&lt;AUTO&gt;</c> (or unset) keeps the defaults (3 / 1.5) and the <c>contamination</c> parameter (default auto).
/// </summary>
internal sealed record AnomalySettings
{
    public static readonly string[] Methods = ["zscore", "iqr", "isolation_forest"];

    /// <summary>zscore, iqr or isolation_forest; null when the action chooses (<c>&lt;AUTO&gt;</c> or unset).</summary>
    public string? Method { get; init; }

    public IReadOnlyList<string>? Columns { get; init; }

    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public double Threshold { get; init; } = 3;

    public StandardDeviationKind Std { get; init; } = StandardDeviationKind.Population;

    public double IqrK { get; init; } = 1.5;

    public int Estimators { get; init; } = 100;

    public MaxSamples MaxSamples { get; init; } = MaxSamples.Auto;

    public Contamination Contamination { get; init; } = Contamination.Auto;

    public ulong Seed { get; init; }

    /// <summary>What sensitivity did, for the log; null when it was not set.</summary>
    public string? SensitivityNote { get; init; }

    /// <summary>Reads <paramref name="p"/>; every problem is added to <paramref name="issues"/>.</summary>
    public static AnomalySettings Read(IReadOnlyDictionary<string, object?> p, List<ParameterIssue> issues)
    {
        var s = new AnomalySettings();
        object? Get(string name) => p.TryGetValue(name, out var v) && v is not null && !ParameterIssue.IsDeferred(v) ? v : null;

        if (Get("method") is { } method)
        {
            s = s with { Method = ParameterIssue.OneOf(method, "method", issues, Methods) };
        }

        if (Get("columns") is { } columns)
        {
            s = s with { Columns = ParameterIssue.Names(columns, "columns", issues) };
        }

        if (Get("group_by") is { } groupBy)
        {
            s = s with { GroupBy = ParameterIssue.Names(groupBy, "group_by", issues) ?? [] };
        }

        var (threshold, k, contamination, note) = Sensitivity(Get("sensitivity"), p.GetValueOrDefault("sensitivity") is AutoValue, issues);
        s = s with { Threshold = threshold, IqrK = k, Contamination = contamination, SensitivityNote = note };
        if (Get("threshold") is { } t && ParameterIssue.Number(t, "threshold", issues) is { } tv)
        {
            s = tv > 0 && double.IsFinite(tv) ? s with { Threshold = tv } : Issue(s, issues, "threshold", $"'threshold' must be positive, got {Show(tv)}");
        }

        if (Get("std") is { } std && ParameterIssue.OneOf(std, "std", issues, "population", "sample") is { } kind)
        {
            s = s with { Std = kind == "sample" ? StandardDeviationKind.Sample : StandardDeviationKind.Population };
        }

        if (Get("iqr_k") is { } iqr && ParameterIssue.Number(iqr, "iqr_k", issues) is { } kv)
        {
            s = kv >= 0 && double.IsFinite(kv) ? s with { IqrK = kv } : Issue(s, issues, "iqr_k", $"'iqr_k' must be zero or more, got {Show(kv)}");
        }

        if (Get("n_estimators") is { } n && ParameterIssue.Integer(n, "n_estimators", issues) is { } nv)
        {
            s = nv is >= 1 and <= 10_000 ? s with { Estimators = (int)nv } : Issue(s, issues, "n_estimators", $"'n_estimators' must be from 1 to 10000, got {nv}");
        }

        if (Get("max_samples") is { } max)
        {
            s = s with { MaxSamples = ReadMaxSamples(max, issues) };
        }

        if (Get("contamination") is { } c)
        {
            s = s with { Contamination = ReadContamination(c, issues) };
        }

        if (Get("seed") is { } seed && ParameterIssue.Integer(seed, "seed", issues) is { } sv)
        {
            s = sv >= 0 ? s with { Seed = (ulong)sv } : Issue(s, issues, "seed", $"'seed' must be zero or more, got {sv}");
        }

        if (s.GroupBy.Count > 0 && s.Method == "isolation_forest")
        {
            issues.Add(new("group_by", "'group_by' works with zscore and iqr, not isolation_forest", "remove group_by, or use method zscore or iqr"));
        }

        return s;
    }

    private static (double Threshold, double K, Contamination Contamination, string? Note) Sensitivity(object? value, bool auto, List<ParameterIssue> issues)
    {
        if (value is null)
        {
            return (3, 1.5, Contamination.Auto, auto ? "sensitivity <AUTO>: defaults (threshold 3, iqr_k 1.5) and the 'contamination' parameter (default auto)" : null);
        }

        return ParameterIssue.OneOf(value, "sensitivity", issues, "low", "medium", "high") switch
        {
            "low" => (3.5, 3.0, Contamination.FromFraction(0.01), "sensitivity low: threshold 3.5, iqr_k 3, contamination 0.01"),
            "high" => (2.5, 1.0, Contamination.FromFraction(0.1), "sensitivity high: threshold 2.5, iqr_k 1, contamination 0.1"),
            _ => (3, 1.5, Contamination.Auto, "sensitivity medium: threshold 3, iqr_k 1.5, contamination auto"),
        };
    }

    private static MaxSamples ReadMaxSamples(object value, List<ParameterIssue> issues)
    {
        switch (value)
        {
            case "auto":
                return MaxSamples.Auto;
            case long l when l >= 1 && l <= int.MaxValue:
                return MaxSamples.FromCount((int)l);
            case double d when d > 0 && d <= 1:
                return MaxSamples.FromFraction(d);
            default:
                issues.Add(new("max_samples", $"'max_samples' must be auto, a row count (1 or more) or a fraction in (0, 1], got {Describe(value)}"));
                return MaxSamples.Auto;
        }
    }

    private static Contamination ReadContamination(object value, List<ParameterIssue> issues)
    {
        switch (value)
        {
            case "auto":
                return Contamination.Auto;
            case long or double when Convert.ToDouble(value, CultureInfo.InvariantCulture) is var f && f > 0 && f <= 0.5:
                return Contamination.FromFraction(f);
            default:
                issues.Add(new("contamination", $"'contamination' must be auto or a fraction in (0, 0.5], got {Describe(value)}"));
                return Contamination.Auto;
        }
    }

    private static AnomalySettings Issue(AnomalySettings s, List<ParameterIssue> issues, string path, string message)
    {
        issues.Add(new(path, message));
        return s;
    }

    private static string Show(double v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Describe(object value) => Sluice.Expressions.ExprValues.ToText(value);
}
