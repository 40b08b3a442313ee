using Sluice.Data.Parquet.Compression;
using Sluice.Data.Parquet.Encodings;
using Sluice.Data.Parquet.Format;
using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Tests.Parquet;

public sealed class ParquetEncodingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(32)]
    public void RleHybrid_MixedRunsAndLiterals_RoundTrip(int bitWidth)
    {
        var random = new Random(bitWidth);
        var max = bitWidth == 32 ? int.MaxValue : (1 << bitWidth) - 1;
        var values = new List<int>();
        for (var block = 0; block < 200; block++)
        {
            var v = random.Next(0, max);
            values.AddRange(random.Next(3) == 0 ? Enumerable.Repeat(v, random.Next(1, 40)) : Enumerable.Range(0, random.Next(1, 20)).Select(_ => random.Next(0, max)));
        }

        using var buffer = new ByteBuffer();
        RleHybridEncoder.Encode([.. values], bitWidth, buffer);
        var decoder = new RleHybridDecoder();
        var bytes = buffer.Span.ToArray();
        decoder.Reset(bytes, 0, bytes.Length, bitWidth);
        var decoded = new int[values.Count];
        decoder.Read(decoded.AsSpan(0, 100));
        decoder.Read(decoded.AsSpan(100));
        decoded.ShouldBe(values);
    }

    [Fact]
    public void RleHybrid_DataEndsEarly_IsCorruptData()
    {
        using var buffer = new ByteBuffer();
        RleHybridEncoder.Encode([1, 0, 1, 1, 0, 1, 0, 0, 1], 1, buffer);
        var bytes = buffer.Span.ToArray();
        var decoder = new RleHybridDecoder();
        decoder.Reset(bytes, 0, bytes.Length, 1);
        Should.Throw<CorruptDataException>(() => decoder.Read(new int[100]));
    }

    [Fact]
    public void Snappy_RepetitiveAndRandomData_RoundTripAndRepetitiveShrinks()
    {
        var random = new Random(7);
        var noise = new byte[200_000];
        random.NextBytes(noise);
        var text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"row {i % 100},home,FR;")));
        foreach (var input in new[] { noise, text, [], new byte[] { 1, 2, 3 }, new byte[70_000] })
        {
            var compressed = new byte[Snappy.MaxCompressedLength(input.Length)];
            var n = Snappy.Compress(input, compressed);
            var output = new byte[Snappy.GetUncompressedLength(compressed.AsSpan(0, n))];
            Snappy.Decompress(compressed.AsSpan(0, n), output);
            output.ShouldBe(input);
            if (input == text)
            {
                n.ShouldBeLessThan(input.Length / 5);
            }
        }
    }

    [Fact]
    public void Snappy_CopyBeforeTheStart_IsCorruptData()
    {
        // Length 8, then a 1-byte-offset copy of 4 bytes from offset 3 with nothing written yet.
        byte[] bad = [8, 0x01, 0x03];
        Should.Throw<CorruptDataException>(() => Snappy.Decompress(bad, new byte[8]));
    }

    [Fact]
    public void Thrift_UnknownFieldsOfEveryType_AreSkipped()
    {
        using var buffer = new ByteBuffer();
        var w = new CompactWriter(buffer);
        w.BeginStruct();
        w.I64Field(3, 42); // null_count
        w.FieldHeader(4, CompactType.Double); // unknown here: distinct_count is i64, this is a future double
        buffer.Write(new byte[8]);
        w.BinaryField(6, [1, 2]); // min_value
        w.ListField(20, CompactType.Struct, 2);
        for (var i = 0; i < 2; i++)
        {
            w.BeginStruct();
            w.BoolField(1, true);
            w.StringField(300, "far field id");
            w.StructField(2);
            w.ListField(1, CompactType.BoolTrue, 3);
            buffer.Write([1, 2, 1]);
            w.EndStruct();
            w.EndStruct();
        }

        w.FieldHeader(21, CompactType.Map);
        buffer.Write([2, 0x58, 2, 1, (byte)'a', 4, 1, (byte)'b']); // map<i32, binary> of 2 entries
        w.FieldHeader(22, CompactType.Map);
        buffer.Write([0]); // empty map
        w.FieldHeader(23, CompactType.Byte);
        buffer.Write([7]);
        w.BinaryField(5, [9]); // max_value after the unknown fields
        w.EndStruct();
        Span<short> stack = stackalloc short[64];
        var reader = new CompactReader(buffer.Span, "f", 0, stack);
        var stats = Statistics.Read(ref reader);
        stats.NullCount.ShouldBe(42);
        stats.MinValue.ShouldBe([1, 2]);
        stats.MaxValue.ShouldBe([9]);
        reader.Position.ShouldBe(buffer.Length);
    }

    [Fact]
    public void Thrift_TruncatedStruct_ReportsTheNeededOffset()
    {
        using var buffer = new ByteBuffer();
        var w = new CompactWriter(buffer);
        w.BeginStruct();
        w.BinaryField(6, new byte[100]);
        w.EndStruct();
        var cut = buffer.Span[..50].ToArray();
        var ex = Should.Throw<ThriftTruncatedException>(() =>
        {
            Span<short> stack = stackalloc short[64];
            var reader = new CompactReader(cut, "f", 1000, stack);
            Statistics.Read(ref reader);
        });
        ex.NeededOffset.ShouldBe(1000 + 2 + 100);
    }
}
