using Sluice.Data.Columns;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Writing;

/// <summary>PLAIN-encodes booleans: one bit per non-null value, least significant bit first.</summary>
internal sealed class BoolColumnWriter : ColumnWriter
{
    private int _bits;
    private int _bitCount;

    public BoolColumnWriter(string name, ParquetWriteOptions options)
        : base(name, PhysicalKind.Boolean, options)
    {
    }

    protected override void WriteValues(Column column, int start, int count)
    {
        var values = ((PrimitiveColumn<bool>)column).Values;
        var validity = column.Validity;
        for (var r = start; r < start + count; r++)
        {
            if (validity is not null && !validity.IsValid(r))
            {
                continue;
            }

            _bits |= (values[r] ? 1 : 0) << _bitCount;
            if (++_bitCount == 8)
            {
                Values.WriteByte((byte)_bits);
                _bits = 0;
                _bitCount = 0;
            }
        }
    }

    protected override void CompletePage()
    {
        if (_bitCount > 0)
        {
            Values.WriteByte((byte)_bits);
            _bits = 0;
            _bitCount = 0;
        }
    }

    protected override Statistics BuildStatistics() => new();

    protected override void ResetChunkState()
    {
    }
}
