namespace Sluice.Data.Parquet.Thrift;

/// <summary>Thrift data ended before a value was complete; <see cref="NeededOffset"/> is where it would need to reach.</summary>
internal sealed class ThriftTruncatedException : Exception
{
    public ThriftTruncatedException(long neededOffset)
        : base($"Thrift data ends before offset {neededOffset}.") => NeededOffset = neededOffset;

    public ThriftTruncatedException()
    {
    }

    public ThriftTruncatedException(string message)
        : base(message)
    {
    }

    public ThriftTruncatedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The absolute offset the value needed to reach.</summary>
    public long NeededOffset { get; }
}
