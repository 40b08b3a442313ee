using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Text;

namespace Sluice.Data.Csv;

/// <summary>Reads the header and a sample of records, and infers a type per column from the sample.</summary>
internal static class CsvSchemaInference
{
    /// <summary>
    /// Returns the column names, per column the sampled non-empty values, and the line of the header (0 without one).
    /// </summary>
    public static (List<string> Names, List<List<byte[]>> Samples, long HeaderLine) ReadSample(ReadOnlySpan<byte> data, CsvReadOptions options)
    {
        var tok = new CsvTokenizer(data, options, 1);
        var names = new List<string>();
        var samples = new List<List<byte[]>>();
        var header = options.HasHeader;
        var headerLine = 0L;
        var records = 0;
        while (!tok.AtEnd && records < options.InferenceSampleRows)
        {
            if (tok.SkipBlankLine())
            {
                continue;
            }

            if (header)
            {
                headerLine = tok.Line;
            }

            var field = 0;
            bool end;
            do
            {
                if (tok.ReadField(out var value, out var quoted, out end) is not null)
                {
                    break;
                }

                if (header)
                {
                    names.Add(Encoding.UTF8.GetString(value));
                }
                else if (!value.IsEmpty || quoted)
                {
                    while (samples.Count <= field)
                    {
                        samples.Add([]);
                    }

                    if (!value.IsEmpty)
                    {
                        samples[field].Add(value.ToArray());
                    }
                }

                field++;
            }
            while (!end);

            if (!header)
            {
                records++;
                for (var i = names.Count; !options.HasHeader && i < field; i++)
                {
                    names.Add($"column{i + 1}");
                }
            }

            header = false;
        }

        while (samples.Count < names.Count)
        {
            samples.Add([]);
        }

        samples.RemoveRange(names.Count, samples.Count - names.Count);

        return (names, samples, headerLine);
    }

    /// <summary>
    /// Checks that every header name is set and unique (columns are found by name), naming the file, the header's line
    /// and the column's position.
    /// </summary>
    /// <exception cref="DataException">A name is empty or repeats an earlier one.</exception>
    public static void CheckHeader(string path, long line, List<string> names)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var problem = names[i].Trim().Length == 0
                ? $"column {i + 1} of the header has no name"
                : first.TryGetValue(names[i], out var earlier)
                    ? $"column {i + 1} of the header is named '{names[i]}' like column {earlier + 1}; column names must be unique"
                    : null;
            if (problem is not null)
            {
                throw new DataException($"{path}:{line}: {problem}. Fix: give every column of the header its own name, or read the file with header: false and a schema that names every column.");
            }

            first.Add(names[i], i);
        }
    }

    /// <summary>
    /// The narrowest type every sampled value parses as: int64, decimal(s) (float64 when <paramref name="decimalsAsFloat"/>),
    /// float64, bool, date, timestamp, else string.
    /// </summary>
    public static DataType Infer(List<byte[]> values, bool decimalsAsFloat = false)
    {
        if (values.Count == 0)
        {
            return DataType.String;
        }

        if (values.TrueForAll(v => Utf8Parse.TryInt64(v, out _)))
        {
            return DataType.Int64;
        }

        var scale = 0;
        foreach (var v in values)
        {
            var dot = Array.IndexOf(v, (byte)'.');
            scale = Math.Max(scale, dot < 0 ? 0 : v.Length - dot - 1);
        }

        if (!decimalsAsFloat && scale is >= 1 and <= 6 && values.TrueForAll(v => Utf8Parse.TryDecimal(v, scale, out _)))
        {
            return DataType.Decimal(scale);
        }

        if (values.TrueForAll(v => Utf8Parse.TryFloat64(v, out _)))
        {
            return DataType.Float64;
        }

        if (values.TrueForAll(v => Utf8Parse.TryBool(v, out _)))
        {
            return DataType.Bool;
        }

        if (values.TrueForAll(v => Utf8Parse.TryDate(v, out _)))
        {
            return DataType.Date;
        }

        return values.TrueForAll(v => Utf8Parse.TryTimestamp(v, out _)) ? DataType.Timestamp : DataType.String;
    }
}
