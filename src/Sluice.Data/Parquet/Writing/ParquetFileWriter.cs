using System.Buffers.Binary;
using Sluice.Data.Batches;
using Sluice.Data.Parquet.Encodings;
using Sluice.Data.Parquet.Format;
using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Writing;

/// <summary>
/// Streams batches into a Parquet file on a stream: row groups are encoded in memory and written when they reach
/// <see cref="ParquetWriteOptions.RowGroupRows"/> rows or <see cref="ParquetWriteOptions.RowGroupBytes"/> bytes; the
/// footer is written by <see cref="FinishAsync"/>. Columns of a batch are encoded in parallel.
/// </summary>
internal sealed class ParquetFileWriter : IDisposable
{
    private const int SliceRows = 16384;
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private readonly Stream _stream;
    private readonly Schema _schema;
    private readonly ParquetWriteOptions _options;
    private readonly ColumnWriter[] _columns;
    private readonly List<RowGroup> _rowGroups = [];
    private readonly ByteBuffer _output = new(1 << 20);
    private long _position;
    private int _groupRows;
    private long _totalRows;

    public ParquetFileWriter(Stream stream, Schema schema, ParquetWriteOptions options)
    {
        options.Validate();
        _stream = stream;
        _schema = schema;
        _options = options;
        _columns = [.. schema.Fields.Select(f => ParquetSchemaWriter.CreateWriter(f, options))];
    }

    public long Rows => _totalRows;

    public async Task AppendAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (_position == 0)
        {
            await _stream.WriteAsync(Magic, cancellationToken).ConfigureAwait(false);
            _position = Magic.Length;
        }

        var start = 0;
        while (start < batch.RowCount)
        {
            // Slices bound how far a row group can overshoot RowGroupBytes.
            var n = Math.Min(Math.Min(batch.RowCount - start, _options.RowGroupRows - _groupRows), SliceRows);
            var offset = start;
            if (_columns.Length > 1 && n >= 4096)
            {
                ParallelColumns.For(_columns.Length, c => _columns[c].Write(batch.Column(c), offset, n));
            }
            else
            {
                for (var c = 0; c < _columns.Length; c++)
                {
                    _columns[c].Write(batch.Column(c), offset, n);
                }
            }

            _groupRows += n;
            start += n;
            if (_groupRows >= _options.RowGroupRows || _columns.Sum(static c => c.BufferedBytes) >= _options.RowGroupBytes)
            {
                await FlushRowGroupAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        if (_groupRows == 0)
        {
            return;
        }

        var group = new RowGroup { NumRows = _groupRows, FileOffset = _position, Ordinal = (short)Math.Min(_rowGroups.Count, short.MaxValue) };
        long uncompressed = 0;
        foreach (var column in _columns)
        {
            _output.Clear();
            var chunk = column.FinishChunk(_position, _output);
            await _stream.WriteAsync(_output.Memory, cancellationToken).ConfigureAwait(false);
            _position += _output.Length;
            uncompressed += chunk.MetaData!.TotalUncompressedSize;
            group.Columns.Add(chunk);
        }

        group.TotalByteSize = uncompressed;
        group.TotalCompressedSize = _position - group.FileOffset;
        _rowGroups.Add(group);
        _totalRows += _groupRows;
        _groupRows = 0;
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_position == 0)
        {
            await _stream.WriteAsync(Magic, cancellationToken).ConfigureAwait(false);
            _position = Magic.Length;
        }

        await FlushRowGroupAsync(cancellationToken).ConfigureAwait(false);
        var meta = new FileMetaData
        {
            Schema = ParquetSchemaWriter.Elements(_schema),
            NumRows = _totalRows,
            RowGroups = _rowGroups,
            CreatedBy = "sluice version 1.0.0",
            TypeOrderColumns = _schema.Count,
        };
        _output.Clear();
        var w = new CompactWriter(_output);
        w.BeginStruct();
        meta.WriteFields(w);
        w.EndStruct();
        var length = _output.Length;
        BinaryPrimitives.WriteInt32LittleEndian(_output.GetSpan(4), length);
        _output.Advance(4);
        _output.Write(Magic);
        await _stream.WriteAsync(_output.Memory, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var c in _columns)
        {
            c.Dispose();
        }

        _output.Dispose();
    }
}
