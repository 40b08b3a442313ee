using Sluice.Data.Columns;
using Sluice.Data.Parquet.Encodings;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Writing;

/// <summary>
/// Writes a BYTE_ARRAY (UTF-8) column. Each chunk starts dictionary-encoded (RLE_DICTIONARY pages of indices, the
/// dictionary page written first at the end of the chunk); when the dictionary outgrows its limits the open page is
/// re-encoded PLAIN and so is the rest of the chunk. A <see cref="DictionaryColumn"/> maps each of its dictionary
/// entries once per batch, not once per row.
/// </summary>
internal sealed class StringColumnWriter : ColumnWriter
{
    private readonly StringDictionary _dictionary = new();
    private readonly BinaryBounds _bounds = new();
    private int[] _indices = Buffers.Rent<int>(1024);
    private int _indexCount;
    private bool _plain;
    private bool _dictionaryPages;
    private StringColumn? _mappedDictionary;
    private int[] _map = [];

    public StringColumnWriter(string name, ParquetWriteOptions options)
        : base(name, PhysicalKind.ByteArray, options) => _plain = options.DictionaryMaxEntries == 0;

    protected override long DictionaryBytes => _dictionary.PlainBytes.Length + (_indexCount * 4L);

    protected override ValueEncoding PageEncoding => _plain ? ValueEncoding.Plain : ValueEncoding.RleDictionary;

    protected override (ReadOnlyMemory<byte> Plain, int Count)? Dictionary =>
        _dictionaryPages ? (_dictionary.PlainBytes, _dictionary.Count) : null;

    protected override void WriteValues(Column column, int start, int count)
    {
        var validity = column.Validity;
        if (column is DictionaryColumn dict && !_plain)
        {
            WriteDictionaryColumn(dict, start, count);
            return;
        }

        var strings = (Utf8Column)column;
        for (var r = start; r < start + count; r++)
        {
            if (validity is not null && !validity.IsValid(r))
            {
                continue;
            }

            var bytes = strings.GetBytes(r);
            if (_plain)
            {
                WritePlain(bytes);
                _bounds.Observe(bytes);
            }
            else
            {
                AddIndex(bytes);
            }
        }
    }

    private void WriteDictionaryColumn(DictionaryColumn column, int start, int count)
    {
        var source = column.Dictionary;
        if (!ReferenceEquals(source, _mappedDictionary))
        {
            if (_map.Length < source.Length)
            {
                Buffers.Return(_map);
                _map = Buffers.Rent<int>(source.Length);
            }

            _map.AsSpan(0, source.Length).Fill(-1);
            _mappedDictionary = source;
        }

        var codes = column.Codes;
        for (var r = start; r < start + count; r++)
        {
            var code = codes[r];
            if (code < 0)
            {
                continue;
            }

            if (_plain)
            {
                var bytes = source.GetBytes(code);
                WritePlain(bytes);
                _bounds.Observe(bytes);
                continue;
            }

            var index = _map[code];
            if (index < 0)
            {
                index = AddIndex(source.GetBytes(code));
                _map[code] = index;
            }
            else
            {
                PushIndex(index);
            }
        }
    }

    /// <summary>Adds a value in dictionary mode; returns its index, or -1 when the dictionary overflowed and the value went PLAIN.</summary>
    private int AddIndex(ReadOnlySpan<byte> bytes)
    {
        var index = _dictionary.Find(bytes, out var hash);
        if (index < 0)
        {
            if (_dictionary.Count + 1 > Options.DictionaryMaxEntries || _dictionary.PlainBytes.Length + bytes.Length + 4 > Options.DictionaryMaxBytes)
            {
                FallBackToPlain();
                WritePlain(bytes);
                _bounds.Observe(bytes);
                return -1;
            }

            index = _dictionary.Add(bytes, hash);
            _bounds.Observe(bytes);
        }

        PushIndex(index);
        return index;
    }

    private void PushIndex(int index)
    {
        if (_indexCount == _indices.Length)
        {
            Buffers.Grow(ref _indices, _indexCount, _indexCount + 1);
        }

        _indices[_indexCount++] = index;
    }

    private void FallBackToPlain()
    {
        // The open page already holds indices of this batch's rows: re-encode them PLAIN so the page is one encoding.
        for (var i = 0; i < _indexCount; i++)
        {
            WritePlain(_dictionary.Get(_indices[i]));
        }

        _indexCount = 0;
        _plain = true;
        _mappedDictionary = null;
    }

    private void WritePlain(ReadOnlySpan<byte> bytes)
    {
        Values.WriteInt32(bytes.Length);
        Values.Write(bytes);
    }

    protected override void CompletePage()
    {
        if (_plain)
        {
            return;
        }

        var width = Math.Max(1, RleHybridEncoder.BitWidth(_dictionary.Count - 1));
        Values.WriteByte((byte)width);
        RleHybridEncoder.Encode(_indices.AsSpan(0, _indexCount), width, Values);
        _indexCount = 0;
        _dictionaryPages = true;
    }

    protected override Statistics BuildStatistics()
    {
        var stats = new Statistics();
        _bounds.Fill(stats);
        return stats;
    }

    protected override void ResetChunkState()
    {
        _bounds.Reset();
        _dictionary.Clear();
        _dictionaryPages = false;
        _plain = Options.DictionaryMaxEntries == 0;
        _mappedDictionary = null;
        _indexCount = 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dictionary.Dispose();
            Buffers.Return(_indices);
            Buffers.Return(_map);
            _indices = [];
            _map = [];
        }

        base.Dispose(disposing);
    }
}
