namespace Sluice.Data.Parquet.Encodings;

/// <summary>
/// Encoded data that cannot be decoded (a run past the end, a bad length). Raised by the decoders, which know
/// nothing of files; the page reader turns it into a <see cref="DataException"/> naming the file, column and offset.
/// </summary>
internal sealed class CorruptDataException : Exception
{
    public CorruptDataException()
    {
    }

    public CorruptDataException(string message)
        : base(message)
    {
    }

    public CorruptDataException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
