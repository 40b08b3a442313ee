namespace Sluice.Data.Parquet.Format;

/// <summary>The unit of a TIME or TIMESTAMP logical type (field ids of the <c>TimeUnit</c> union).</summary>
internal enum TimeUnit
{
    None = 0,
    Millis = 1,
    Micros = 2,
    Nanos = 3,
}
