using Sluice.Data.Batches;

namespace Sluice.Data.Csv;

/// <summary>The resolved layout of a CSV file: how many fields a record has and which of them become which output column.</summary>
internal sealed class CsvPlan
{
    public CsvPlan(string source, CsvReadOptions options, IReadOnlyList<string> fileColumns, Schema output, int[] targetOf)
    {
        Source = source;
        Options = options;
        FileColumns = fileColumns;
        Output = output;
        TargetOf = targetOf;
    }

    public string Source { get; }

    public CsvReadOptions Options { get; }

    /// <summary>The column names of the file, in file order.</summary>
    public IReadOnlyList<string> FileColumns { get; }

    public int FieldCount => FileColumns.Count;

    public Schema Output { get; }

    /// <summary>For each file field, the output column it feeds, or -1 when it is not read.</summary>
    public int[] TargetOf { get; }

    public FieldConverter[] CreateConverters(int capacity)
    {
        var converters = new FieldConverter[Output.Count];
        for (var i = 0; i < converters.Length; i++)
        {
            converters[i] = FieldConverter.Create(Output[i].Type, capacity, Options.DictionaryEncodeStrings, Options.QuotedEmptyIsEmptyString);
        }

        return converters;
    }
}
