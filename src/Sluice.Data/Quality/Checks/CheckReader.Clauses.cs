using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Shared;

namespace Sluice.Data.Quality.Checks;

/// <summary>Conditions, warn/fail thresholds and valid clauses.</summary>
internal sealed partial class CheckReader
{
    /// <summary>Regex evaluation is bounded so a pathological pattern cannot stall a pipeline.</summary>
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Parses a standalone threshold string: an optional <c>when</c>, then a condition.</summary>
    public static Threshold? ReadThreshold(SourceText text, MetricKind metric, List<QualityDiagnostic> diagnostics)
    {
        var reader = new CheckReader(text, new CheckParserOptions(), diagnostics) { _tokens = CheckLexer.Tokenize(text.Text) };
        if (reader.Current.IsWord("when"))
        {
            reader._index++;
        }

        var threshold = reader.ReadCondition(metric, required: true);
        if (threshold is not null && reader.Current.Kind != TokenKind.End)
        {
            reader.Report(CheckErrorCodes.MalformedThreshold, $"Unexpected {reader.Current.Describe()} after the threshold.", reader.Current,
                "a threshold reads like '> 5', 'when <= 10' or 'between 1 and 5'");
            return null;
        }

        return threshold;
    }

    private QualityCheck? ReadClauses(QualityCheck check)
    {
        if (IsConditionStart(Current))
        {
            var pass = ReadCondition(check.Metric, required: true);
            if (pass is null)
            {
                return null;
            }

            check = check with { PassWhen = pass };
        }

        while (Current.Kind != TokenKind.End)
        {
            var keyword = Current;
            if (keyword.IsWord("warn") || keyword.IsWord("fail"))
            {
                _index++;
                if (!Current.IsWord("when"))
                {
                    Report(CheckErrorCodes.MalformedThreshold, $"Expected 'when' after '{keyword.Text}', found {Current.Describe()}.", Current,
                        $"write: {keyword.Text} when > 5");
                    return null;
                }

                _index++;
                var threshold = ReadCondition(check.Metric, required: true);
                if (threshold is null)
                {
                    return null;
                }

                var isWarn = keyword.IsWord("warn");
                if ((isWarn ? check.WarnWhen : check.FailWhen) is not null)
                {
                    Report(CheckErrorCodes.MalformedThreshold, $"'{keyword.Text} when' is given twice.", keyword, null);
                }

                check = isWarn ? check with { WarnWhen = threshold } : check with { FailWhen = threshold };
            }
            else if (keyword.IsWord("valid"))
            {
                _sawValid = true;
                _index++;
                var rules = ReadValid(check.Validity ?? new ValidityRules());
                if (rules is null)
                {
                    return null;
                }

                if (!MetricCatalog.UsesValidity(check.Metric))
                {
                    Report(CheckErrorCodes.ValidityClause, $"'valid' rules only apply to invalid_count and invalid_percent, not {MetricCatalog.NameOf(check.Metric)}.",
                        keyword, null);
                }

                check = check with { Validity = rules };
            }
            else
            {
                Report(CheckErrorCodes.Syntax, $"Unexpected {keyword.Describe()}.", keyword,
                    check.PassWhen is null && keyword.Kind is TokenKind.Number or TokenKind.Identifier
                        ? "expected a condition such as '= 0' or 'between 1 and 5'"
                        : "expected 'warn when …', 'fail when …' or 'valid …'");
                return null;
            }
        }

        return check;
    }

    private static bool IsConditionStart(Token token) =>
        token.Kind == TokenKind.Operator || token.IsWord("between") || token.IsWord("not");

    private Threshold? ReadCondition(MetricKind metric, bool required)
    {
        var start = Current;
        if (start.IsWord("between") || start.IsWord("not"))
        {
            var negated = start.IsWord("not");
            _index++;
            if (negated && !Current.IsWord("between"))
            {
                Report(CheckErrorCodes.MalformedThreshold, $"Expected 'between' after 'not', found {Current.Describe()}.", Current, null);
                return null;
            }

            if (negated)
            {
                _index++;
            }

            var low = ReadBound(metric);
            if (low is null)
            {
                return null;
            }

            if (!Current.IsWord("and"))
            {
                Report(CheckErrorCodes.MalformedThreshold, $"Expected 'and' in 'between … and …', found {Current.Describe()}.", Current, null);
                return null;
            }

            _index++;
            var high = ReadBound(metric);
            if (high is null)
            {
                return null;
            }

            if (low.Value.Value > high.Value.Value)
            {
                Report(CheckErrorCodes.MalformedThreshold, $"The lower bound {low.Value.Text} is above the upper bound {high.Value.Text}.", start,
                    $"write: between {high.Value.Text} and {low.Value.Text}");
            }

            var op = negated ? ComparisonOperator.NotBetween : ComparisonOperator.Between;
            return new Threshold(op, low.Value.Value, high.Value.Value, low.Value.IsDuration);
        }

        if (start.Kind != TokenKind.Operator)
        {
            if (required)
            {
                Report(CheckErrorCodes.MalformedThreshold, $"Expected a comparison (<, <=, >, >=, =, !=, between), found {start.Describe()}.", start, null);
            }

            return null;
        }

        var comparison = start.Text switch
        {
            "<" => ComparisonOperator.Less,
            "<=" => ComparisonOperator.LessOrEqual,
            ">" => ComparisonOperator.Greater,
            ">=" => ComparisonOperator.GreaterOrEqual,
            "=" or "==" => ComparisonOperator.Equal,
            _ => ComparisonOperator.NotEqual,
        };
        _index++;
        var bound = ReadBound(metric);
        return bound is null ? null : new Threshold(comparison, bound.Value.Value, bound.Value.Value, bound.Value.IsDuration);
    }

    private (double Value, string Text, bool IsDuration)? ReadBound(MetricKind metric)
    {
        var token = Current;
        var wantsDuration = metric == MetricKind.Freshness;
        if (token.Kind == TokenKind.Duration)
        {
            _index++;
            if (!DurationText.TryParseSeconds(token.Text, out var seconds))
            {
                Report(CheckErrorCodes.Duration, $"'{token.Text}' is not a duration.", token, "use a number with a unit: 500ms, 30s, 15m, 12h, 1d, 2w or 1h30m");
                return null;
            }

            if (!wantsDuration)
            {
                Report(CheckErrorCodes.Duration, $"'{token.Text}' is a duration but {MetricCatalog.NameOf(metric)} is not a time metric.", token, "use a plain number");
                return null;
            }

            return (seconds, token.Text, true);
        }

        if (token.Kind == TokenKind.Number)
        {
            _index++;
            if (wantsDuration)
            {
                Report(CheckErrorCodes.Duration, $"freshness needs a duration, not the bare number {token.Text}.", token, $"add a unit, e.g. {token.Text}h or {token.Text}d");
                return null;
            }

            if (Current.Kind == TokenKind.Percent)
            {
                _index++;
            }

            return (token.Number, token.Text, false);
        }

        Report(CheckErrorCodes.MalformedThreshold, $"Expected a {(wantsDuration ? "duration" : "number")}, found {token.Describe()}.", token, null);
        return null;
    }

    private ValidityRules? ReadValid(ValidityRules rules)
    {
        var kind = Current;
        string[] kinds = ["regex", "values", "min", "max", "length"];
        if (kind.Kind != TokenKind.Identifier || !kinds.Contains(kind.Text.ToLowerInvariant()))
        {
            Report(CheckErrorCodes.ValidityClause, $"Unknown validity rule {kind.Describe()}.", kind,
                NameSuggestions.DidYouMean(kind.Text, kinds) ?? "use valid regex, valid values, valid min, valid max or valid length");
            return null;
        }

        _index++;
        switch (kind.Text.ToLowerInvariant())
        {
            case "regex":
                return ReadRegex(rules, kind);
            case "values":
                return ReadValues(rules, kind);
            case "min":
            case "max":
                var isMin = kind.IsWord("min");
                if ((isMin ? rules.Min : rules.Max) is not null)
                {
                    Report(CheckErrorCodes.ValidityClause, $"'valid {kind.Text}' is given twice.", kind, null);
                }

                var bound = ReadBound(MetricKind.Min);
                return bound is null ? null : isMin ? rules with { Min = bound.Value.Value } : rules with { Max = bound.Value.Value };
            default:
                return ReadLength(rules, kind);
        }
    }

    private ValidityRules? ReadRegex(ValidityRules rules, Token keyword)
    {
        var pattern = Current;
        if (pattern.Kind != TokenKind.String)
        {
            Report(CheckErrorCodes.ValidityClause, $"Expected a quoted pattern after 'valid regex', found {pattern.Describe()}.", pattern, "write: valid regex '^[0-9]+$'");
            return null;
        }

        _index++;
        if (rules.Regex is not null)
        {
            Report(CheckErrorCodes.ValidityClause, "'valid regex' is given twice.", keyword, null);
        }

        try
        {
            return rules with { Regex = new Regex(pattern.Text, RegexOptions.CultureInvariant, RegexTimeout) };
        }
        catch (ArgumentException ex)
        {
            // The .NET message names the problem and its offset in the pattern, e.g. "Invalid pattern '(a' at offset 2. Not enough )'s."
            Report(CheckErrorCodes.InvalidRegex, $"The regex '{pattern.Text}' does not compile: {ex.Message}", pattern, null);
            return rules;
        }
    }

    private ValidityRules? ReadValues(ValidityRules rules, Token keyword)
    {
        if (!Expect(TokenKind.LeftParen, "'(' after 'valid values'"))
        {
            return null;
        }

        var values = new List<string>();
        while (true)
        {
            var value = Current;
            if (value.Kind is not (TokenKind.String or TokenKind.Number))
            {
                Report(CheckErrorCodes.ValidityClause, $"Expected a quoted value or a number, found {value.Describe()}.", value, "write: valid values ('a', 'b')");
                return null;
            }

            values.Add(value.Kind == TokenKind.Number ? value.Number.ToString(CultureInfo.InvariantCulture) : value.Text);
            _index++;
            if (Current.Kind == TokenKind.Comma)
            {
                _index++;
                continue;
            }

            if (!Expect(TokenKind.RightParen, "',' or ')'"))
            {
                return null;
            }

            if (rules.Values is not null)
            {
                Report(CheckErrorCodes.ValidityClause, "'valid values' is given twice.", keyword, null);
            }

            return rules with { Values = values };
        }
    }

    private ValidityRules? ReadLength(ValidityRules rules, Token keyword)
    {
        var condition = ReadCondition(MetricKind.Min, required: true);
        if (condition is null)
        {
            return null;
        }

        if (rules.MinLength is not null || rules.MaxLength is not null)
        {
            Report(CheckErrorCodes.ValidityClause, "'valid length' is given twice.", keyword, null);
        }

        var low = (int)Math.Ceiling(condition.Value);
        var high = (int)Math.Floor(condition.UpperValue);
        (int? Min, int? Max) range = condition.Operator switch
        {
            ComparisonOperator.Between or ComparisonOperator.Equal => (low, high),
            ComparisonOperator.LessOrEqual => (null, high),
            ComparisonOperator.Less => (null, (int)Math.Ceiling(condition.Value) - 1),
            ComparisonOperator.GreaterOrEqual => (low, null),
            ComparisonOperator.Greater => ((int)Math.Floor(condition.Value) + 1, null),
            _ => (-1, -1),
        };
        if (range.Min == -1)
        {
            Report(CheckErrorCodes.ValidityClause, $"'valid length {condition}' is not supported.", keyword, "use valid length between 1 and 50, = 5, <= 50 or >= 1");
            return null;
        }

        return rules with { MinLength = range.Min, MaxLength = range.Max };
    }
}
