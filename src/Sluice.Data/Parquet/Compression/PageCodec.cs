using System.IO.Compression;
using Sluice.Data.Parquet.Encodings;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Compression;

/// <summary>Compresses and decompresses page bodies with the codecs this implementation supports (UNCOMPRESSED, SNAPPY, GZIP).</summary>
internal static class PageCodec
{
    public static bool IsSupported(CompressionCodec codec) => codec is CompressionCodec.Uncompressed or CompressionCodec.Snappy or CompressionCodec.Gzip;

    /// <summary>Appends the compressed form of <paramref name="input"/> to <paramref name="output"/>.</summary>
    public static void Compress(CompressionCodec codec, ReadOnlySpan<byte> input, ByteBuffer output)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                output.Write(input);
                break;
            case CompressionCodec.Snappy:
                var span = output.GetSpan(Snappy.MaxCompressedLength(input.Length));
                output.Advance(Snappy.Compress(input, span));
                break;
            case CompressionCodec.Gzip:
                using (var gzip = new GZipStream(new BufferStream(output), CompressionLevel.Optimal, leaveOpen: false))
                {
                    gzip.Write(input);
                }

                break;
            default:
                throw new NotSupportedException($"Compression {codec} is not supported.");
        }
    }

    /// <summary>Decompresses <paramref name="input"/> into exactly <paramref name="output"/>.</summary>
    /// <exception cref="CorruptDataException">The data is malformed or has the wrong length.</exception>
    public static void Decompress(CompressionCodec codec, byte[] input, int offset, int count, Span<byte> output)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                if (count != output.Length)
                {
                    throw new CorruptDataException($"uncompressed page has {count} bytes, header says {output.Length}");
                }

                input.AsSpan(offset, count).CopyTo(output);
                break;
            case CompressionCodec.Snappy:
                Snappy.Decompress(input.AsSpan(offset, count), output);
                break;
            case CompressionCodec.Gzip:
                try
                {
                    using var gzip = new GZipStream(new MemoryStream(input, offset, count, writable: false), CompressionMode.Decompress);
                    var n = gzip.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
                    if (n != output.Length)
                    {
                        throw new CorruptDataException($"gzip page decodes to {n} bytes, header says {output.Length}");
                    }
                }
                catch (InvalidDataException ex)
                {
                    throw new CorruptDataException($"bad gzip data ({ex.Message})", ex);
                }

                break;
            default:
                throw new NotSupportedException($"Compression {codec} is not supported.");
        }
    }

    /// <summary>A write-only stream appending to a <see cref="ByteBuffer"/> (gzip output without an intermediate copy).</summary>
    private sealed class BufferStream(ByteBuffer buffer) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => buffer.Length;

        public override long Position
        {
            get => buffer.Length;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer1) => buffer.Write(buffer1);
    }
}
