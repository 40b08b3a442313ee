namespace Sluice.Data.Parquet.Reading;

/// <summary>How stored integer values become ours: timestamps rescaled to microseconds, unsigned 32-bit values zero-extended.</summary>
internal enum ValueAdjust
{
    None,
    FromMillis,
    FromNanos,
    Unsigned32,
}
