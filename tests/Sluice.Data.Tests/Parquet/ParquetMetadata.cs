using System.Text.Json;

namespace Sluice.Data.Tests.Parquet;

/// <summary>What a file's footer says about a column chunk, as DuckDB reads it (<c>parquet_metadata</c>): an independent view of what the writer stored.</summary>
internal static class ParquetMetadata
{
    /// <summary>encodings, stats_min_value, stats_max_value, stats_null_count, dictionary_page_offset of one column chunk.</summary>
    public static JsonElement Chunk(string path, int rowGroup, int column) => DuckDb.Query(
        $"SELECT encodings, stats_min_value, stats_max_value, stats_null_count, dictionary_page_offset FROM parquet_metadata({DuckDb.Literal(path)}) "
        + $"WHERE row_group_id = {rowGroup} AND column_id = {column}").Single();
}
