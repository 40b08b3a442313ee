namespace Sluice.Data.Quality.Checks;

/// <summary>
/// Parses the data-quality check language (SodaCL-like). The grammar, metrics and thresholds are documented in
/// docs/quality-metrics.md. Examples:
/// <code>
/// row_count between 1000 and 10000000
/// missing_percent(amount) &lt; 1
/// duplicate_count(order_id) = 0
/// invalid_percent(email) &lt; 0.5 valid regex '^[^@]+@[^@]+$'
/// freshness(ts) &lt; 1d
/// missing_percent(amount) warn when &gt; 1 fail when &gt; 5
/// values in (customer_id) must exist in customers (customer_id)
/// expression: amount * quantity &gt;= 0
/// </code>
/// </summary>
/// <remarks>Parsing never throws on bad input: every problem is a <see cref="QualityDiagnostic"/> with a position.</remarks>
public static class CheckParser
{
    /// <summary>Parses a standalone check string (positions start at 1:1).</summary>
    /// <param name="text">The check.</param>
    /// <param name="options">Known columns and data sets, or null to accept any name.</param>
    /// <returns>The check or its errors.</returns>
    public static CheckParseResult Parse(string text, CheckParserOptions? options = null) =>
        Parse(new SourceText(text), null, null, options);

    /// <summary>
    /// Parses a check with optional separate warn and fail threshold strings, as written in YAML:
    /// <c>missing_percent(amount): {warn: "&gt; 1", fail: "when &gt; 5"}</c>. A threshold string is a condition,
    /// optionally preceded by <c>when</c>: <c>&gt; 5</c>, <c>when between 1 and 5</c>, <c>not between 0 and 100</c>.
    /// </summary>
    /// <param name="check">The check text and where it starts in its file.</param>
    /// <param name="warn">The warn threshold text, or null.</param>
    /// <param name="fail">The fail threshold text, or null.</param>
    /// <param name="options">Known columns and data sets, or null to accept any name.</param>
    /// <returns>The check or every error found, with positions translated by each text's origin.</returns>
    public static CheckParseResult Parse(SourceText check, SourceText? warn = null, SourceText? fail = null, CheckParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        var diagnostics = new List<QualityDiagnostic>();
        var parsed = new CheckReader(check, options ?? new CheckParserOptions(), diagnostics).Read();
        if (parsed is not null)
        {
            parsed = parsed with
            {
                WarnWhen = Merge(parsed.WarnWhen, warn, "warn", parsed.Metric, diagnostics),
                FailWhen = Merge(parsed.FailWhen, fail, "fail", parsed.Metric, diagnostics),
            };
            if (diagnostics.Count == 0)
            {
                parsed = CheckReader.ApplyDefaultThreshold(parsed, diagnostics);
            }
        }

        return diagnostics.Count == 0 ? new CheckParseResult(parsed, diagnostics) : new CheckParseResult(null, diagnostics);
    }

    private static Threshold? Merge(Threshold? inline, SourceText? text, string name, MetricKind metric, List<QualityDiagnostic> diagnostics)
    {
        if (text is null)
        {
            return inline;
        }

        var threshold = CheckReader.ReadThreshold(text, metric, diagnostics);
        if (inline is not null && threshold is not null)
        {
            diagnostics.Add(new QualityDiagnostic(
                CheckErrorCodes.MalformedThreshold,
                $"The {name} threshold is given twice: '{name} when {inline}' in the check and '{text.Text}' separately.",
                text.Origin,
                "keep one of them"));
        }

        return threshold ?? inline;
    }
}
