using System.Text;
using Sluice.Data.Batches;

namespace Sluice.Data.Columns;

/// <summary>A string column: UTF-8 bytes per row, stored plainly (<see cref="StringColumn"/>) or dictionary-encoded (<see cref="DictionaryColumn"/>).</summary>
public abstract class Utf8Column : Column
{
    /// <summary>Initialises the common part.</summary>
    protected Utf8Column(int length, ValidityMask? validity)
        : base(DataType.String, length, validity)
    {
    }

    /// <summary>The UTF-8 bytes of a row (empty for null rows).</summary>
    public abstract ReadOnlySpan<byte> GetBytes(int row);

    /// <summary>The row as a .NET string, or null. Allocates; not for hot paths.</summary>
    public string? GetString(int row) => IsNull(row) ? null : Encoding.UTF8.GetString(GetBytes(row));

    /// <inheritdoc />
    public override object? GetValue(int row) => GetString(row);
}
