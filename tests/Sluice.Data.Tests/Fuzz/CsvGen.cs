using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sluice.Data.Csv;
using Sluice.Tests.Fuzz;

namespace Sluice.Data.Tests.Fuzz;

/// <summary>A CSV fuzz case: the file's bytes and the options it is read with.</summary>
public sealed record CsvCase(byte[] Bytes, CsvReadOptions Options)
{
    public override string ToString() =>
        $"options {{delimiter '{Options.Delimiter}', header {Options.HasHeader}, escape '{Options.Escape}', quoted newlines {Options.AllowQuotedNewlines}, "
        + $"chunk {Options.ChunkSize}, parallel {Options.MaxDegreeOfParallelism}, sample {Options.InferenceSampleRows}}} file ({Bytes.Length} bytes):\n"
        + Encoding.UTF8.GetString(Bytes).Replace("\r", "\\r", StringComparison.Ordinal);
}

/// <summary>
/// Generators of CSV files: random tables with ragged rows, quoting mistakes, odd numbers and dates, every line ending and
/// a BOM; the example CSV files with random edits; random bytes (invalid UTF-8 included). Read options vary too, with
/// chunks as small as 16 bytes so that records straddle chunk boundaries.
/// </summary>
internal static class CsvGen
{
    /// <summary>Tokens that matter to CSV.</summary>
    public static readonly string[] Tokens = ["\"", "\"\"", ",", ";", "\t", "\n", "\r\n", "\r", "\\", "\\\"", "\uFEFF", "\0", " ", "NaN", "1e999", "-", "9223372036854775808"];

    private static readonly string[] Fields =
    [
        "", "0", "1", "-1", "007", "1.5", "-0.0", "1e5", "1e999", "NaN", "inf", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "1,5", "true", "false", "TRUE", "null", "NULL", "n/a", "2026-12-07", "2026-02-30", "2026-12-07 10:00:00", "2026-12-07T10:00:00Z", "10:00",
        "abc", " spaced ", "ø", "\U0001F600", "\"quoted\"", "\"with \"\"quote\"\"\"", "\"a,b\"", "\"line\nbreak\"", "\"crlf\r\nin\"", "\"unterminated",
        "bad\"quote", "\"x\" trailing", "\\\"", "tab\there", "\0", "\"\"",
    ];

    private static readonly string[] HeaderNames = ["id", "name", "amount", "ts", "x", "", "id", "\"q,uoted\"", " id ", "ø", "a b", "\"\""];

    /// <summary>Every kind of CSV case.</summary>
    public static Gen<CsvCase> Case() =>
        from bytes in Gen.Frequency((6, Table()), (2, Mutated()), (1, Mutations.RandomText(300).Select(Encoding.UTF8.GetBytes)), (1, RawBytes()))
        from options in Options()
        select new CsvCase(bytes, options);

    /// <summary>The reading options; the delimiter is mostly a comma so that generated tables parse as tables.</summary>
    public static Gen<CsvReadOptions> Options() =>
        from delimiter in Gen.Frequency((6, Gen.Constant(',')), (1, Gen.Elements(';', '\t', '|')))
        from header in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from escape in Gen.Frequency((5, Gen.Constant<char?>(null)), (1, Gen.Constant<char?>('\\')))
        from quotedNewlines in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from quotedEmpty in Gen.Elements(true, false)
        from dictionary in Gen.Elements(true, false)
        from chunk in Gen.Elements(16, 17, 64, 100, 1024, 4 << 20)
        from parallel in Gen.Choose(1, 3)
        from sample in Gen.Elements(1, 2, 5, 1000)
        select new CsvReadOptions
        {
            Delimiter = delimiter,
            HasHeader = header,
            Escape = escape,
            AllowQuotedNewlines = quotedNewlines,
            QuotedEmptyIsEmptyString = quotedEmpty,
            DictionaryEncodeStrings = dictionary,
            ChunkSize = chunk,
            MaxDegreeOfParallelism = parallel,
            InferenceSampleRows = sample,
        };

    private static Gen<byte[]> Table() =>
        from columns in Gen.Choose(1, 6)
        from names in Gen.Frequency(
            (6, Gen.Constant(Enumerable.Range(0, columns).Select(static i => $"c{i}").ToArray())),
            (1, Gen.ArrayOf(Gen.Elements(HeaderNames), columns)))
        from rows in Gen.Choose(0, 40)
        from cells in Gen.ArrayOf(Row(columns), rows)
        from newline in Gen.Elements("\n", "\r\n", "\r")
        from bom in Gen.Frequency((8, Gen.Constant("")), (1, Gen.Constant("\uFEFF")))
        from trailing in Gen.Elements(true, false)
        select Encoding.UTF8.GetBytes(bom + string.Join(newline, cells.Prepend(string.Join(',', names))) + (trailing ? newline : ""));

    private static Gen<string> Row(int columns) =>
        from ragged in Gen.Frequency((8, Gen.Constant(0)), (1, Gen.Choose(-columns, 3)))
        from kind in Gen.Choose(0, 5)
        from cells in Gen.ArrayOf(Cell(kind), Math.Max(1, columns + ragged))
        select string.Join(',', cells);

    /// <summary>Columns mostly keep a type (kind), so inference picks numbers and dates, and the odd value breaks it.</summary>
    private static Gen<string> Cell(int kind) =>
        Gen.Frequency(
            (6, kind switch
            {
                0 => Gen.Choose(-1000, 1000).Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                1 => Gen.Choose(-1000, 1000).Select(static i => (i / 8.0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                2 => Gen.Elements("2026-12-07", "2025-01-31", "2026-12-07 10:00:00"),
                3 => Gen.Elements("true", "false"),
                _ => Gen.Elements("abc", "x y", "ø", "\"q, d\"", "z"),
            }),
            (1, Gen.Elements(Fields)));

    private static Gen<byte[]> Mutated() =>
        Mutations.Of(Corpus.Csv, Tokens).Select(Encoding.UTF8.GetBytes);

    private static Gen<byte[]> RawBytes() =>
        Gen.Choose(0, 200).SelectMany(n => Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0, 255)), (2, Gen.Elements(10, 13, 34, 44, 0xC3, 0xFF, 0xEF, 0xBB, 0xBF))), n))
            .Select(static b => b.Select(static x => (byte)x).ToArray());
}
