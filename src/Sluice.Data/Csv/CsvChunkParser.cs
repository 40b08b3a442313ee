using System.Text;
using System.Text.Unicode;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Csv;

/// <summary>Parses the records of one chunk into typed columns; malformed records become quarantine entries.</summary>
internal static class CsvChunkParser
{
    public static ParsedChunk Parse(CsvPlan plan, CsvChunk chunk, bool skipHeader)
    {
        var data = chunk.Span;
        var converters = plan.CreateConverters(Math.Max(256, data.Length / 48));
        var targetOf = plan.TargetOf;
        var expected = plan.FieldCount;
        var validateUtf8 = !Utf8.IsValid(data);
        List<QuarantineRecord>? rejects = null;
        var tok = new CsvTokenizer(data, plan.Options, chunk.FirstLine);
        var rows = 0;
        var records = 0;
        if (skipHeader)
        {
            SkipRecord(ref tok);
        }

        while (!tok.AtEnd)
        {
            // A blank line is skipped, except in a one-column file where it is a record with a null.
            if (expected != 1 && tok.SkipBlankLine())
            {
                continue;
            }

            var recordStart = tok.Position;
            var recordLine = tok.Line;
            records++;
            string? error = null;
            var field = 0;
            bool end;
            do
            {
                var bad = tok.ReadField(out var value, out var quoted, out end);
                if (bad is not null)
                {
                    error ??= bad;
                    break;
                }

                if (field < expected && error is null)
                {
                    var target = targetOf[field];
                    if (target >= 0)
                    {
                        if (value.IsEmpty && !quoted)
                        {
                            converters[target].AppendNull();
                        }
                        else if (!converters[target].Append(value, quoted))
                        {
                            var f = plan.Output[target];
                            error = $"column '{f.Name}': cannot parse '{Cap(value, 64)}' as {f.Type}";
                        }
                    }
                }

                field++;
            }
            while (!end);

            if (error is null && field != expected)
            {
                error = $"expected {expected} fields, found {field}";
            }

            if (error is null && validateUtf8 && !Utf8.IsValid(tok.Slice(recordStart, tok.Position)))
            {
                error = "invalid UTF-8";
            }

            if (error is null)
            {
                rows++;
                continue;
            }

            foreach (var c in converters)
            {
                c.Truncate(rows);
            }

            rejects ??= [];
            var raw = tok.Slice(recordStart, tok.Position).TrimEnd("\r\n"u8);
            rejects.Add(new QuarantineRecord(plan.Source, recordLine, error, CapText(raw, plan.Options.MaxQuarantineTextLength)));
        }

        var columns = new Column[converters.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = converters[i].Build();
        }

        return new ParsedChunk(new RecordBatch(plan.Output, columns, rows), rejects, records);
    }

    private static void SkipRecord(ref CsvTokenizer tok)
    {
        bool end;
        do
        {
            if (tok.ReadField(out _, out _, out end) is not null)
            {
                return;
            }
        }
        while (!end);
    }

    private static string Cap(ReadOnlySpan<byte> value, int max)
    {
        var s = Encoding.UTF8.GetString(value);
        return s.Length <= max ? s : string.Concat(s.AsSpan(0, max), "…");
    }

    private static string CapText(ReadOnlySpan<byte> raw, int max)
    {
        var s = Encoding.UTF8.GetString(raw.Length > max * 4 ? raw[..(max * 4)] : raw);
        return s.Length <= max ? s : s[..max];
    }
}
