using Sluice.Data.Parquet.Format;
using Sluice.Data.Parquet.Reading;

namespace Sluice.Data.Tests.Parquet;

/// <summary>Reads a file's footer (encodings, statistics, offsets) and page headers for assertions.</summary>
internal static class ParquetMetadata
{
    public static FileMetaData Read(string path)
    {
        using var file = File.OpenHandle(path);
        return FooterReader.Read(file, path);
    }

    /// <summary>The value encoding of each data page of a column in the first row group.</summary>
    public static List<ValueEncoding> DataPageEncodings(string path, int column)
    {
        var meta = Read(path).RowGroups[0].Columns[column].MetaData!;
        using var file = File.OpenHandle(path);
        using var pages = new ChunkPageReader(file, path, "c", meta, RandomAccess.GetLength(file));
        var result = new List<ValueEncoding>();
        while (pages.Next())
        {
            if (pages.Header.DataPage is { } v1)
            {
                result.Add(v1.Encoding);
            }
        }

        return result;
    }
}
