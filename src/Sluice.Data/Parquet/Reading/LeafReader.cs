using Sluice.Data.Columns;
using Sluice.Data.Parquet.Encodings;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Reading;

/// <summary>
/// Reads one column chunk as a sequence of columns of any row counts. A page is decoded whole when it is reached
/// (definition levels, then the non-null values, densely); <see cref="Read"/> then copies slices of it, so batches and
/// pages need not line up. Subclasses decode values and build the output column.
/// </summary>
internal abstract class LeafReader : IDisposable
{
    private readonly RleHybridDecoder _levelDecoder = new();
    private int[] _levels = [];
    private bool _allValid;
    private int _pageRows;
    private int _rowCursor;
    private int _valueCursor;

    private readonly long _chunkRows;

    protected LeafReader(ChunkPageReader pages, LeafColumn leaf, string path, long chunkRows)
    {
        _chunkRows = chunkRows;
        Pages = pages;
        Leaf = leaf;
        Path = path;
    }

    protected ChunkPageReader Pages { get; }

    protected LeafColumn Leaf { get; }

    protected string Path { get; }

    /// <summary>Reads the next <paramref name="rows"/> rows.</summary>
    /// <exception cref="DataException">Corrupt data, or an unsupported encoding.</exception>
    public Column Read(int rows)
    {
        BeginOutput(rows);
        ValidityMask? validity = null;
        var done = 0;
        try
        {
            while (done < rows)
            {
                if (_rowCursor == _pageRows)
                {
                    LoadPage();
                    continue;
                }

                var k = Math.Min(_pageRows - _rowCursor, rows - done);
                if (_allValid)
                {
                    CopyDense(_valueCursor, done, k);
                    _valueCursor += k;
                }
                else
                {
                    var levels = _levels.AsSpan(_rowCursor, k);
                    var max = Leaf.MaxDefinitionLevel;
                    var i = 0;
                    while (i < k)
                    {
                        if (levels[i] == max)
                        {
                            var j = i + 1;
                            while (j < k && levels[j] == max)
                            {
                                j++;
                            }

                            CopyDense(_valueCursor, done + i, j - i);
                            _valueCursor += j - i;
                            i = j;
                        }
                        else
                        {
                            validity ??= ValidityMask.Create(rows, true);
                            validity.SetNull(done + i);
                            SetNull(done + i);
                            i++;
                        }
                    }
                }

                _rowCursor += k;
                done += k;
            }
        }
        catch (CorruptDataException ex)
        {
            validity?.Dispose();
            AbandonOutput();
            throw Pages.Corrupt(ex.Message, ex);
        }
        catch
        {
            validity?.Dispose();
            AbandonOutput();
            throw;
        }

        return EndOutput(rows, validity);
    }

    private void LoadPage()
    {
        while (true)
        {
            if (!Pages.Next())
            {
                throw Pages.Corrupt("the column chunk ends before the row group's rows");
            }

            var header = Pages.Header;
            var body = Pages.Body.AsSpan(0, Pages.BodyLength);
            switch (header.Type)
            {
                case PageType.DictionaryPage when header.DictionaryPage is { } dict:
                    if (dict.NumValues < 0 || dict.NumValues > (Pages.BodyLength * 8L) + 8)
                    {
                        throw new CorruptDataException($"dictionary of {dict.NumValues} values");
                    }

                    CheckEncoding(dict.Encoding is ValueEncoding.Plain or ValueEncoding.PlainDictionary, dict.Encoding);
                    LoadDictionary(Pages.Body, Pages.BodyLength, dict.NumValues);
                    continue;
                case PageType.DataPage when header.DataPage is { } v1:
                    CheckCount(v1.NumValues);
                    var valuesStart = 0;
                    if (Leaf.MaxDefinitionLevel > 0)
                    {
                        CheckEncoding(v1.DefinitionLevelEncoding == ValueEncoding.Rle, v1.DefinitionLevelEncoding);
                        if (body.Length < 4)
                        {
                            throw new CorruptDataException("the page is too short for its definition levels");
                        }

                        var length = BitConverter.ToInt32(body);
                        if (length < 0 || 4L + length > body.Length)
                        {
                            throw new CorruptDataException($"definition levels of {length} bytes exceed the page");
                        }

                        DecodeLevels(4, 4 + length, v1.NumValues);
                        valuesStart = 4 + length;
                    }
                    else
                    {
                        DecodeLevels(0, 0, v1.NumValues);
                    }

                    LoadValuesOfPage(v1.Encoding, valuesStart, v1.NumValues);
                    return;
                case PageType.DataPageV2 when header.DataPageV2 is { } v2:
                    CheckCount(v2.NumValues);
                    var levelsStart = v2.RepetitionLevelsByteLength;
                    DecodeLevels(levelsStart, levelsStart + v2.DefinitionLevelsByteLength, v2.NumValues);
                    LoadValuesOfPage(v2.Encoding, levelsStart + v2.DefinitionLevelsByteLength, v2.NumValues);
                    return;
                case PageType.IndexPage:
                    continue;
                default:
                    throw new CorruptDataException($"page of type {header.Type} without its header");
            }
        }
    }

    private void CheckCount(int numValues)
    {
        // Flat columns have one value (or null) per row: a larger count is corrupt, and must not size any buffer.
        if (numValues < 0 || numValues > _chunkRows)
        {
            throw new CorruptDataException($"page of {numValues} values in a row group of {_chunkRows} rows");
        }
    }

    private void DecodeLevels(int start, int end, int count)
    {
        _pageRows = count;
        _rowCursor = 0;
        _valueCursor = 0;
        if (Leaf.MaxDefinitionLevel == 0)
        {
            _allValid = true;
            return;
        }

        if (_levels.Length < count)
        {
            Buffers.Return(_levels);
            _levels = Buffers.Rent<int>(count);
        }

        _levelDecoder.Reset(Pages.Body, start, end, 1);
        _levelDecoder.Read(_levels.AsSpan(0, count));
        _allValid = !_levels.AsSpan(0, count).ContainsAnyExcept(Leaf.MaxDefinitionLevel);
    }

    private void LoadValuesOfPage(ValueEncoding encoding, int start, int rows)
    {
        var present = _allValid ? rows : rows - _levels.AsSpan(0, rows).Count(0);
        if (start > Pages.BodyLength)
        {
            throw new CorruptDataException("values start past the end of the page");
        }

        LoadValues(encoding, Pages.Body, start, Pages.BodyLength, present);
    }

    /// <summary>Throws the unsupported-encoding error unless <paramref name="supported"/>.</summary>
    protected void CheckEncoding(bool supported, ValueEncoding encoding)
    {
        if (!supported)
        {
            throw new DataException($"{Path}: column '{Leaf.Name}' ({Leaf.Physical}) uses the {encoding} encoding, which is not supported (page at offset {Pages.PageOffset}).");
        }
    }

    /// <summary>Decodes a dictionary page (PLAIN values) and keeps it for the chunk.</summary>
    protected abstract void LoadDictionary(byte[] body, int length, int count);

    /// <summary>Decodes the <paramref name="count"/> non-null values of a data page densely.</summary>
    protected abstract void LoadValues(ValueEncoding encoding, byte[] body, int start, int end, int count);

    protected abstract void BeginOutput(int rows);

    /// <summary>Copies <paramref name="count"/> dense page values from <paramref name="valueIndex"/> to output rows from <paramref name="row"/>.</summary>
    protected abstract void CopyDense(int valueIndex, int row, int count);

    protected abstract void SetNull(int row);

    protected abstract Column EndOutput(int rows, ValidityMask? validity);

    protected abstract void AbandonOutput();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Buffers.Return(_levels);
            _levels = [];
            Pages.Dispose();
        }
    }
}
