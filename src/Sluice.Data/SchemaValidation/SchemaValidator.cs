using System.Buffers;
using System.Globalization;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Quarantine;

namespace Sluice.Data.SchemaValidation;

/// <summary>
/// Validates a stream of batches of one data schema against a <see cref="SchemaDefinition"/>: call <see cref="Validate"/>
/// per batch (it returns the valid rows), then <see cref="Complete"/>. Memory is bounded by the batch size, the error
/// samples and — for <c>unique</c> columns only — the distinct values. Not thread-safe: one validator per stream.
/// </summary>
/// <example>
/// <code>
/// var validator = new SchemaValidator(schema, source.Schema, new SchemaValidatorOptions { Quarantine = sink });
/// await CsvWriter.WriteAsync(validator.Filter(source), "valid.csv");
/// var result = validator.Complete();
/// </code>
/// </example>
public sealed class SchemaValidator
{
    private readonly SchemaDefinition _schema;
    private readonly Schema _data;
    private readonly SchemaValidatorOptions _options;
    private readonly ColumnChecker[] _checkers;
    private readonly List<SchemaViolation> _errors = [];
    private readonly List<SchemaViolation> _typeErrors = [];
    private readonly List<TableViolation> _tableErrors = [];
    private long _rows;
    private long _invalidRows;
    private long _errorCount;
    private long _typeErrorCount;

    /// <summary>Creates a validator for data of schema <paramref name="data"/>; the column-level compatibility is known at once.</summary>
    public SchemaValidator(SchemaDefinition schema, Schema data, SchemaValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(data);
        _schema = schema;
        _data = data;
        _options = options ?? new SchemaValidatorOptions();
        var checkers = new List<ColumnChecker>();
        var missing = new List<string>();
        var mistyped = new List<ColumnMismatch>();
        foreach (var column in schema.Columns)
        {
            var index = data.IndexOf(column.Name);
            if (index < 0)
            {
                missing.Add(column.Name);
                continue;
            }

            var physical = data[index].Type;
            if (!ColumnChecker.IsCompatible(column.Type, physical.Kind))
            {
                mistyped.Add(new ColumnMismatch(column.Name, column.Type.ToString().ToLowerInvariant(), physical.ToString()));
            }

            checkers.Add(new ColumnChecker(column, index, physical));
        }

        _checkers = [.. checkers];
        var extra = data.Fields.Select(static f => f.Name).Where(n => schema.Find(n) is null).ToList();
        Compatibility = new CompatibilityReport(missing, extra, mistyped);
        TableChecks(missing, extra);
    }

    /// <summary>Missing, extra and mistyped columns.</summary>
    public CompatibilityReport Compatibility { get; }

    /// <summary>Checks one batch and returns a new batch of its valid rows (the caller disposes both).</summary>
    public RecordBatch Validate(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var n = batch.RowCount;
        var invalid = ArrayPool<bool>.Shared.Rent(Math.Max(n, 1));
        Array.Clear(invalid, 0, n);
        var invalidInBatch = 0;
        var reasons = _options.Quarantine is null ? null : new Dictionary<int, List<string>>();
        foreach (var checker in _checkers)
        {
            var column = batch.Column(checker.Index);
            for (var row = 0; row < n; row++)
            {
                var verdict = checker.Check(column, row);
                if (verdict.IsOk)
                {
                    continue;
                }

                var value = Record(checker, column, row, verdict);
                if (reasons is not null)
                {
                    (reasons.TryGetValue(row, out var list) ? list : reasons[row] = []).Add(
                        $"column '{checker.Spec.Name}' value {(value is null ? "null" : $"'{value}'")} breaks rule '{verdict.Rule}'");
                }

                if (!invalid[row])
                {
                    invalid[row] = true;
                    invalidInBatch++;
                }
            }
        }

        var keep = new int[n - invalidInBatch];
        for (int row = 0, k = 0; row < n; row++)
        {
            if (!invalid[row])
            {
                keep[k++] = row;
            }
            else if (reasons is not null)
            {
                Quarantine(batch, row, reasons[row]);
            }
        }

        ArrayPool<bool>.Shared.Return(invalid);
        _rows += n;
        _invalidRows += invalidInBatch;
        return invalidInBatch == 0 ? batch.Share() : batch.Gather(keep);
    }

    /// <summary>A source that validates <paramref name="source"/> as it is read and yields only valid rows.</summary>
    public IBatchSource Filter(IBatchSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ValidatingSource(source, this);
    }

    /// <summary>The result over every batch so far (row-count rules are checked here).</summary>
    public SchemaValidationResult Complete()
    {
        var table = new List<TableViolation>(_tableErrors);
        if (_rows < _schema.Table.MinRows)
        {
            table.Add(new TableViolation("min_rows", $"the data has {_rows} rows; the schema requires at least {_schema.Table.MinRows}"));
        }

        if (_rows > _schema.Table.MaxRows)
        {
            table.Add(new TableViolation("max_rows", $"the data has {_rows} rows; the schema allows at most {_schema.Table.MaxRows}"));
        }

        return new SchemaValidationResult
        {
            RowCount = _rows,
            ValidRowCount = _rows - _invalidRows,
            InvalidRowCount = _invalidRows,
            ErrorCount = _errorCount,
            TypeErrorCount = _typeErrorCount,
            Errors = [.. _errors],
            TypeErrors = [.. _typeErrors],
            TableErrors = table,
            Compatibility = Compatibility,
        };
    }

    private void TableChecks(List<string> missing, List<string> extra)
    {
        foreach (var name in missing.Where(m => !_schema.Find(m)!.Nullable).Concat(_schema.Table.RequiredColumns.Where(r => _data.IndexOf(r) < 0)).Distinct())
        {
            _tableErrors.Add(new TableViolation("required_column", $"the required column '{name}' is not in the data", name));
        }

        foreach (var name in _schema.Table.ForbiddenColumns.Where(f => _data.IndexOf(f) >= 0))
        {
            _tableErrors.Add(new TableViolation("forbidden_column", $"the column '{name}' must not be present", name));
        }

        if (!_schema.Table.AllowExtraColumns && extra.Count > 0)
        {
            _tableErrors.Add(new TableViolation("extra_column", $"columns not in the schema: {string.Join(", ", extra)}"));
        }
    }

    private string? Record(ColumnChecker checker, Column column, int row, CellVerdict verdict)
    {
        var value = column.IsNull(row) ? null : checker.Text(column, row).ToString();
        var list = verdict.IsTypeError ? _typeErrors : _errors;
        if (verdict.IsTypeError)
        {
            _typeErrorCount++;
        }
        else
        {
            _errorCount++;
        }

        if (list.Count < _options.MaxErrorSamples)
        {
            list.Add(new SchemaViolation(_rows + row, checker.Spec.Name, value, verdict.Rule!, Explain(checker.Spec, value, verdict.Rule!)));
        }

        return value;
    }

    private void Quarantine(RecordBatch batch, int row, List<string> reasons)
    {
        var raw = new StringBuilder();
        for (var c = 0; c < batch.Schema.Count; c++)
        {
            raw.Append(c == 0 ? "" : ", ").Append(batch.Schema[c].Name).Append('=')
                .Append(Convert.ToString(batch.Column(c).GetValue(row), CultureInfo.InvariantCulture) ?? "null");
        }

        _options.Quarantine!.Add(new QuarantineRecord(_options.SourceName, _rows + row + 1, string.Join("; ", reasons), raw.ToString()));
    }

    private static string Explain(ColumnSchema spec, string? value, string rule)
    {
        var shown = value is null ? "null" : $"'{value}'";
        var type = spec.Type.ToString().ToLowerInvariant();
        return rule switch
        {
            "nullable" => $"{spec.Name} is null but the column is not nullable",
            "type" => $"{spec.Name} = {shown} is not a valid {type}",
            "format" => $"{spec.Name} = {shown} does not match the {type} format '{spec.Format}'",
            "min" => $"{spec.Name} = {shown} is below the minimum {Bound(spec, spec.Min)}",
            "max" => $"{spec.Name} = {shown} is above the maximum {Bound(spec, spec.Max)}",
            "allowed_values" => $"{spec.Name} = {shown} is not one of {string.Join(", ", spec.AllowedValues ?? [])}",
            "min_length" => $"{spec.Name} = {shown} is shorter than {spec.MinLength}",
            "max_length" => $"{spec.Name} = {shown} is longer than {spec.MaxLength}",
            "pattern" => $"{spec.Name} = {shown} does not match the pattern '{spec.Pattern}'",
            _ => $"{spec.Name} = {shown} is a duplicate in a unique column",
        };
    }

    private static string Bound(ColumnSchema spec, double? bound) => spec.Type is SchemaType.Date or SchemaType.Timestamp && bound is { } ticks
        ? new DateTime((long)ticks, DateTimeKind.Unspecified).ToString(spec.Type == SchemaType.Date ? "yyyy-MM-dd" : "s", CultureInfo.InvariantCulture)
        : Convert.ToString(bound, CultureInfo.InvariantCulture) ?? "";
}
