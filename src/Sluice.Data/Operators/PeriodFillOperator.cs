using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators;

/// <summary>
/// Completes a rolled-up table: for every group (the values of <paramref name="groupKeys"/>) it adds a row for each period
/// between the earliest and the latest period of the whole input that the group lacks, with the count columns 0 and the
/// other columns null. The period column holds period starts (a <c>date</c>, or a <c>timestamp</c> for units under a day).
/// Rows come out unordered; sort after. The input is materialized, so use it on aggregated data.
/// </summary>
/// <param name="periodColumn">The column with each row's period start.</param>
/// <param name="unit">The period length: <c>hour</c>, <c>day</c>, <c>week</c>, <c>month</c>, <c>quarter</c>, <c>year</c>...</param>
/// <param name="groupKeys">The other key columns; empty for one series.</param>
/// <param name="zeroColumns">Columns that are 0 in an added row (counts); the others are null.</param>
public sealed class PeriodFillOperator(string periodColumn, string unit, IReadOnlyList<string> groupKeys, IReadOnlyList<string> zeroColumns) : StreamOperator
{
    /// <summary>At most this many periods are added per group, so a stray far-away date cannot produce millions of rows.</summary>
    public const int MaxPeriods = 1_000_000;

    /// <inheritdoc />
    public override IBoundStreamOperator Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var period = input.IndexOf(periodColumn);
        if (period < 0)
        {
            throw new DataException($"fill: no column '{periodColumn}'.");
        }

        var type = input.Fields[period].Type;
        if (type.Kind is not (TypeKind.Date or TypeKind.Timestamp))
        {
            throw new DataException($"fill: the period column '{periodColumn}' must be a date or timestamp, got {type}.");
        }

        var timeUnit = CalendarMath.ParseUnit(unit, "fill");
        if (type.Kind == TypeKind.Date && timeUnit < TimeUnit.Day)
        {
            throw new DataException($"fill: periods of a {unit} need a timestamp period column, got a date.");
        }

        int[] keys = [.. groupKeys.Select(k => input.IndexOf(k) is var i and >= 0 ? i : throw new DataException($"fill: no column '{k}'."))];
        var zero = new bool[input.Fields.Count];
        foreach (var z in zeroColumns)
        {
            var i = input.IndexOf(z);
            if (i < 0)
            {
                throw new DataException($"fill: no column '{z}'.");
            }

            zero[i] = true;
        }

        return new Bound(input, period, timeUnit, keys, zero);
    }

    private sealed class Bound(Schema schema, int period, TimeUnit unit, int[] keys, bool[] zero) : IBoundStreamOperator
    {
        public Schema OutputSchema => schema;

        public async IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var rows = new List<object?[]>();
            await foreach (var batch in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                using (batch)
                {
                    for (var r = 0; r < batch.RowCount; r++)
                    {
                        var row = new object?[schema.Fields.Count];
                        for (var c = 0; c < row.Length; c++)
                        {
                            row[c] = batch.Columns[c].GetValue(r);
                        }

                        rows.Add(row);
                    }
                }
            }

            var isDate = schema.Fields[period].Type.Kind == TypeKind.Date;
            var stamps = rows.Where(r => r[period] is not null).Select(r => Stamp(r[period]!)).ToList();
            if (stamps.Count == 0)
            {
                if (rows.Count > 0)
                {
                    yield return Build(rows);
                }

                yield break;
            }

            var (first, last) = (stamps.Min(), stamps.Max());
            var groups = new Dictionary<GroupKey, HashSet<long>>();
            foreach (var row in rows)
            {
                var key = new GroupKey([.. keys.Select(k => row[k])]);
                if (!groups.TryGetValue(key, out var seen))
                {
                    groups[key] = seen = [];
                }

                if (row[period] is { } p)
                {
                    seen.Add(Stamp(p));
                }
            }

            foreach (var (key, seen) in groups)
            {
                var added = 0;
                for (var at = first; at <= last; at = CalendarMath.Add(unit, at, 1))
                {
                    if (seen.Contains(at))
                    {
                        continue;
                    }

                    if (++added > MaxPeriods)
                    {
                        throw new DataException($"fill: more than {MaxPeriods:N0} {unit.ToString().ToLowerInvariant()}s between {Value(first)} and {Value(last)}; filter the data or use a longer period.");
                    }

                    var row = new object?[schema.Fields.Count];
                    row[period] = Value(at);
                    for (var k = 0; k < keys.Length; k++)
                    {
                        row[keys[k]] = key.Values[k];
                    }

                    for (var c = 0; c < row.Length; c++)
                    {
                        if (zero[c])
                        {
                            row[c] = 0L;
                        }
                    }

                    rows.Add(row);
                }
            }

            yield return Build(rows);

            long Stamp(object value) => isDate
                ? (((DateOnly)value).DayNumber - Temporal.EpochDayNumber) * Temporal.MicrosPerDay
                : (((DateTime)value).Ticks - DateTime.UnixEpoch.Ticks) / 10;

            object Value(long micros) => isDate
                ? DateOnly.FromDayNumber(Temporal.EpochDayNumber + Temporal.FloorDiv(micros, Temporal.MicrosPerDay))
                : new DateTime(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Unspecified);
        }

        private RecordBatch Build(List<object?[]> rows)
        {
            var columns = new Column[schema.Fields.Count];
            for (var c = 0; c < columns.Length; c++)
            {
                var values = new object?[rows.Count];
                for (var r = 0; r < rows.Count; r++)
                {
                    values[r] = rows[r][c];
                }

                columns[c] = ColumnFactory.Create(schema.Fields[c].Type, values);
            }

            return new RecordBatch(schema, columns, rows.Count);
        }
    }

    private sealed class GroupKey(object?[] values) : IEquatable<GroupKey>
    {
        public object?[] Values { get; } = values;

        public bool Equals(GroupKey? other) => other is not null && Values.SequenceEqual(other.Values);

        public override bool Equals(object? obj) => Equals(obj as GroupKey);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var v in Values)
            {
                hash.Add(v);
            }

            return hash.ToHashCode();
        }
    }
}
