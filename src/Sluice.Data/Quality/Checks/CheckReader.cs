using Sluice.Shared;
namespace Sluice.Data.Quality.Checks;

/// <summary>Recursive-descent reader for one check string; reports errors to a shared list.</summary>
internal sealed partial class CheckReader
{
    private readonly SourceText _source;
    private readonly CheckParserOptions _options;
    private readonly List<QualityDiagnostic> _diagnostics;
    private List<Token> _tokens = [];
    private int _index;
    private bool _sawValid;

    public CheckReader(SourceText source, CheckParserOptions options, List<QualityDiagnostic> diagnostics)
    {
        _source = source;
        _options = options;
        _diagnostics = diagnostics;
    }

    private Token Current => _tokens[_index];

    public QualityCheck? Read()
    {
        if (TryReadExpressionCheck(out var expression))
        {
            return expression;
        }

        _tokens = CheckLexer.Tokenize(_source.Text);
        var first = Current;
        if (first.Kind != TokenKind.Identifier)
        {
            return Fail(CheckErrorCodes.Syntax, $"A check starts with a metric name, not {first.Describe()}.", first, null);
        }

        var errorsBefore = _diagnostics.Count;
        var check = first.IsWord("values") ? ReadReferenceCheck() : ReadMetricCheck();
        if (check is null)
        {
            return null;
        }

        check = ReadClauses(check);
        if (check is null)
        {
            return null;
        }

        if (MetricCatalog.UsesValidity(check.Metric) && !_sawValid)
        {
            Report(CheckErrorCodes.ValidityClause, $"{MetricCatalog.NameOf(check.Metric)} needs a validity rule.", first,
                "add one, e.g. valid regex '^[a-z]+$', valid values ('a', 'b'), valid min 0 or valid length between 1 and 50");
        }

        return _diagnostics.Count == errorsBefore ? check : null;
    }

    /// <summary>
    /// Gives reference and expression checks without any condition the default "= 0" (no violations); reports QC007
    /// for any other check without a condition.
    /// </summary>
    public static QualityCheck ApplyDefaultThreshold(QualityCheck check, List<QualityDiagnostic> diagnostics)
    {
        if (check.PassWhen is not null || check.WarnWhen is not null || check.FailWhen is not null)
        {
            return check;
        }

        if (check.Metric is MetricKind.ReferenceMissingCount or MetricKind.ExpressionViolationCount)
        {
            return check with { PassWhen = new Threshold(ComparisonOperator.Equal, 0, 0) };
        }

        diagnostics.Add(new QualityDiagnostic(
            CheckErrorCodes.MissingThreshold,
            $"The check '{check.Text}' has no condition.",
            check.Position,
            "add a condition such as '= 0' or '< 5', or a warn/fail threshold"));
        return check;
    }

    /// <summary>True when the text is an expression check; <paramref name="check"/> is then the check, or null on error.</summary>
    private bool TryReadExpressionCheck(out QualityCheck? check)
    {
        check = null;
        var text = _source.Text;
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        const string Keyword = "expression";
        if (!text.AsSpan(i).StartsWith(Keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var j = i + Keyword.Length;
        while (j < text.Length && (text[j] == ' ' || text[j] == '\t'))
        {
            j++;
        }

        if (j >= text.Length || text[j] != ':')
        {
            return false;
        }

        j++;
        while (j < text.Length && char.IsWhiteSpace(text[j]))
        {
            j++;
        }

        var position = PositionOf(text, i);
        var expression = text[j..].TrimEnd();
        if (expression.Length == 0)
        {
            _diagnostics.Add(new QualityDiagnostic(CheckErrorCodes.Syntax, "An expression check needs a boolean expression after 'expression:'.",
                PositionOf(text, j), "e.g. expression: amount * quantity >= 0"));
            return true;
        }

        check = new QualityCheck
        {
            Text = text,
            Position = position,
            Metric = MetricKind.ExpressionViolationCount,
            Expression = expression,
            ExpressionPosition = PositionOf(text, j),
        };
        return true;
    }

    private QualityCheck? ReadMetricCheck()
    {
        var name = Current;
        if (!MetricCatalog.TryGet(name.Text, out var metric))
        {
            return Fail(CheckErrorCodes.UnknownMetric, $"Unknown metric '{name.Text}'.", name, NameSuggestions.DidYouMean(name.Text, MetricCatalog.Names));
        }

        _index++;
        var columns = new List<string>();
        if (metric == MetricKind.RowCount)
        {
            if (Current.Kind == TokenKind.LeftParen)
            {
                return Fail(CheckErrorCodes.ArgumentCount, "row_count takes no column.", Current, "write: row_count > 0");
            }
        }
        else
        {
            var open = Current;
            if (!ReadColumnList(columns, _options.Columns, "this data set"))
            {
                return null;
            }

            if (columns.Count != 1 && !MetricCatalog.AllowsManyColumns(metric))
            {
                Report(CheckErrorCodes.ArgumentCount, $"{name.Text} takes exactly one column, got {columns.Count}.", open, null);
            }
        }

        return new QualityCheck { Text = _source.Text, Position = Translate(name), Metric = metric, Columns = columns };
    }

    private QualityCheck? ReadReferenceCheck()
    {
        var start = Current;
        _index++;
        if (!ExpectWord("in"))
        {
            return null;
        }

        var columns = new List<string>();
        if (!ReadColumnList(columns, _options.Columns, "this data set") || !ExpectWord("must") || !ExpectWord("exist") || !ExpectWord("in"))
        {
            return null;
        }

        var datasetToken = Current;
        if (datasetToken.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            return Fail(CheckErrorCodes.Syntax, $"Expected the referenced data set's name, found {datasetToken.Describe()}.", datasetToken, null);
        }

        _index++;
        IReadOnlyCollection<string>? referenceColumns = null;
        if (_options.Datasets is { } datasets && !datasets.TryGetValue(datasetToken.Text, out referenceColumns))
        {
            Report(CheckErrorCodes.UnknownDataset, $"Unknown data set '{datasetToken.Text}'.", datasetToken,
                NameSuggestions.DidYouMean(datasetToken.Text, datasets.Keys)
                ?? (datasets.Count == 0 ? "no reference data sets are given" : $"known data sets: {string.Join(", ", datasets.Keys.Order(StringComparer.Ordinal))}"));
        }

        var open = Current;
        var targetColumns = new List<string>();
        if (!ReadColumnList(targetColumns, referenceColumns, $"'{datasetToken.Text}'"))
        {
            return null;
        }

        if (targetColumns.Count != columns.Count)
        {
            Report(CheckErrorCodes.ArgumentCount, $"{columns.Count} column(s) checked against {targetColumns.Count} in '{datasetToken.Text}'; the counts must match.", open, null);
        }

        return new QualityCheck
        {
            Text = _source.Text,
            Position = Translate(start),
            Metric = MetricKind.ReferenceMissingCount,
            Columns = columns,
            Reference = new ReferenceTarget(datasetToken.Text, targetColumns),
        };
    }

    private bool ReadColumnList(List<string> columns, IReadOnlyCollection<string>? known, string owner)
    {
        if (!Expect(TokenKind.LeftParen, "'('"))
        {
            return false;
        }

        while (true)
        {
            var column = Current;
            if (column.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
            {
                Report(CheckErrorCodes.Syntax, $"Expected a column name, found {column.Describe()}.", column, null);
                return false;
            }

            if (known is not null && !known.Contains(column.Text))
            {
                Report(CheckErrorCodes.UnknownColumn, $"Unknown column '{column.Text}' in {owner}.", column, NameSuggestions.DidYouMean(column.Text, known));
            }

            columns.Add(column.Text);
            _index++;
            if (Current.Kind == TokenKind.Comma)
            {
                _index++;
                continue;
            }

            return Expect(TokenKind.RightParen, "',' or ')'");
        }
    }

    private bool Expect(TokenKind kind, string what)
    {
        if (Current.Kind == kind)
        {
            _index++;
            return true;
        }

        Report(CheckErrorCodes.Syntax, $"Expected {what}, found {Current.Describe()}.", Current, null);
        return false;
    }

    private bool ExpectWord(string word)
    {
        if (Current.IsWord(word))
        {
            _index++;
            return true;
        }

        Report(CheckErrorCodes.Syntax, $"Expected '{word}', found {Current.Describe()}.", Current,
            "a reference check reads: values in (col) must exist in other_dataset (key)");
        return false;
    }

    private QualityCheck? Fail(string code, string message, Token at, string? hint)
    {
        Report(code, message, at, hint);
        return null;
    }

    private void Report(string code, string message, Token at, string? hint) =>
        _diagnostics.Add(new QualityDiagnostic(code, message, Translate(at), hint));

    private TextPosition Translate(Token token) => _source.Origin.Translate(token.Line, token.Column);

    private TextPosition PositionOf(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var k = 0; k < offset; k++)
        {
            if (text[k] == '\n')
            {
                line++;
                lineStart = k + 1;
            }
        }

        return _source.Origin.Translate(line, offset - lineStart + 1);
    }
}
