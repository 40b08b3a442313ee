namespace Sluice.Data.Columns;

/// <summary>
/// A dictionary-encoded string column: an int code per row (-1 for null) into a <see cref="Dictionary"/> of values.
/// Low-cardinality text (categories, segments) costs 4 bytes a row, and element-wise string functions
/// run once per dictionary entry instead of once per row. Dictionary entries need not be unique.
/// </summary>
public sealed class DictionaryColumn : Utf8Column
{
    private int[] _codes;

    internal DictionaryColumn(int[] codes, StringColumn dictionary, int length, ValidityMask? validity)
        : base(length, validity)
    {
        _codes = codes;
        Dictionary = dictionary;
    }

    /// <summary>The distinct (or mostly distinct) values the codes point into.</summary>
    public StringColumn Dictionary { get; }

    /// <summary>The code of each row; -1 for null rows.</summary>
    public ReadOnlySpan<int> Codes => _codes.AsSpan(0, Length);

    internal int[] CodeBuffer => _codes;

    /// <inheritdoc />
    public override ReadOnlySpan<byte> GetBytes(int row)
    {
        var c = _codes[row];
        return c < 0 ? default : Dictionary.GetBytes(c);
    }

    /// <inheritdoc />
    public override Column Gather(ReadOnlySpan<int> rows)
    {
        var codes = Buffers.Rent<int>(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            codes[i] = r >= 0 ? _codes[r] : -1;
        }

        Dictionary.Retain();
        return new DictionaryColumn(codes, Dictionary, rows.Length, GatherValidity(rows));
    }

    /// <summary>Creates a column that shares the dictionary of <paramref name="dictionary"/> with new codes (ownership of <paramref name="codes"/> passes).</summary>
    internal static DictionaryColumn FromCodes(int[] codes, StringColumn dictionary, int length, ValidityMask? validity) =>
        new(codes, dictionary, length, validity);

    /// <inheritdoc />
    protected override void ReleaseBuffers()
    {
        Buffers.Return(_codes);
        _codes = [];
        Dictionary.Dispose();
    }
}
