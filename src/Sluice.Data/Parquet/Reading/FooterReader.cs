using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Sluice.Data.Parquet.Format;
using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Reading;

/// <summary>Reads and checks the footer: <c>PAR1</c> at both ends, the metadata length, the Thrift-encoded <see cref="FileMetaData"/>.</summary>
internal static class FooterReader
{
    public static FileMetaData Read(SafeFileHandle file, string path)
    {
        var length = RandomAccess.GetLength(file);
        if (length < 12)
        {
            throw new DataException($"{path}: not a Parquet file ({length} bytes, too short for the PAR1 header and footer).");
        }

        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[8];
        RandomAccess.Read(file, head, 0);
        RandomAccess.Read(file, tail, length - 8);
        if (!head.SequenceEqual("PAR1"u8))
        {
            throw new DataException($"{path}: not a Parquet file (it does not start with PAR1).");
        }

        if (tail[4..].SequenceEqual("PARE"u8))
        {
            throw new DataException($"{path}: the Parquet footer is encrypted, which is not supported.");
        }

        if (!tail[4..].SequenceEqual("PAR1"u8))
        {
            throw new DataException($"{path}: corrupt or truncated Parquet file: it does not end with PAR1 (offset {length - 4}).");
        }

        var metaLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        var metaStart = length - 8 - metaLength;
        if (metaLength <= 0 || metaStart < 4)
        {
            throw new DataException($"{path}: corrupt Parquet footer: metadata length {metaLength} at offset {length - 8} does not fit the {length}-byte file.");
        }

        var buffer = new byte[metaLength];
        var read = 0;
        while (read < metaLength)
        {
            var n = RandomAccess.Read(file, buffer.AsSpan(read), metaStart + read);
            if (n == 0)
            {
                throw new DataException($"{path}: the file ends at offset {metaStart + read} inside its Parquet footer.");
            }

            read += n;
        }

        Span<short> stack = stackalloc short[64];
        try
        {
            var reader = new CompactReader(buffer, path, metaStart, stack);
            return FileMetaData.Read(ref reader);
        }
        catch (ThriftTruncatedException ex)
        {
            throw new DataException($"{path}: corrupt Parquet footer: the metadata at offset {metaStart} needs bytes up to offset {ex.NeededOffset}, past its end ({metaStart + metaLength}).");
        }
    }
}
