using Apache.Arrow.Types;
using ParquetSharp.Arrow;
using Sluice.Data.Arrow;
using Sluice.Data.Batches;

namespace Sluice.Data.Parquet;

/// <summary>
/// How a Parquet file's columns become ours. A flat column keeps its type (integers → int64, FLOAT/DOUBLE → float64,
/// DATE → date, TIMESTAMP and INT96 → timestamp in microseconds, DECIMAL with scale up to 18 → decimal, strings →
/// string). A string column whose row groups are all dictionary-encoded (PLAIN fallback pages allowed) is read as a dictionary
/// column, so low-cardinality text stays codes plus a small dictionary. A struct becomes one column per field, named
/// <c>parent.child</c> (deeper levels alike), null where the field or any enclosing struct is null. A list or map
/// becomes a string column holding each row's value as JSON text (<c>[1,2]</c>, <c>{"k":"v"}</c>), null for a null list;
/// our batches have no list type, and JSON text is what the expression and JSON functions already read.
/// </summary>
internal static class ParquetColumns
{
    public static (List<ParquetColumn> Available, Dictionary<string, string> Unsupported, List<string> TopLevel) Resolve(FileReader reader)
    {
        var available = new List<ParquetColumn>();
        var unsupported = new Dictionary<string, string>(StringComparer.Ordinal);
        var topLevel = new List<string>();
        var dictionaryLeaves = DictionaryEncodedLeaves(reader);
        foreach (var field in reader.SchemaManifest.SchemaFields)
        {
            topLevel.Add(field.Field.Name);
            Add(field, [field.Field.Name], available, unsupported, dictionaryLeaves);
        }

        return (available, unsupported, topLevel);
    }

    private static void Add(SchemaField field, string[] path, List<ParquetColumn> available, Dictionary<string, string> unsupported, HashSet<int> dictionaryLeaves)
    {
        var name = string.Join('.', path);
        switch (field.Field.DataType)
        {
            case StructType:
                foreach (var child in field.Children)
                {
                    Add(child, [.. path, child.Field.Name], available, unsupported, dictionaryLeaves);
                }

                return;
            case ListType or LargeListType or FixedSizeListType or MapType:
                available.Add(new ParquetColumn(name, DataType.String, path, [.. Leaves(field)], Dictionary: false, Json: true));
                return;
        }

        if (ArrowTypes.From(field.Field.DataType, out var reason) is { } type)
        {
            var dictionary = type.Kind == TypeKind.String && dictionaryLeaves.Contains(field.ColumnIndex);
            available.Add(new ParquetColumn(name, type, path, [field.ColumnIndex], dictionary, Json: false));
        }
        else
        {
            unsupported[name] = reason!;
        }
    }

    private static IEnumerable<int> Leaves(SchemaField field) =>
        field.Children.Count == 0 ? [field.ColumnIndex] : field.Children.SelectMany(Leaves);

    // Read as a dictionary only when every row group's chunk can be: a writer may fall back from the dictionary to
    // DELTA_LENGTH_BYTE_ARRAY or DELTA_BYTE_ARRAY in later row groups (DuckDB does, with PARQUET_VERSION v2, once a
    // group's values are too many), and Arrow's reader cannot decode those into a dictionary ("DecodeArrow of
    // DictAccumulator ... not implemented"). PLAIN pages (the v1 fallback) decode into one.
    private static HashSet<int> DictionaryEncodedLeaves(FileReader reader)
    {
        var leaves = new HashSet<int>();
        var groups = reader.ParquetReader.FileMetaData.NumRowGroups;
        if (groups == 0)
        {
            return leaves;
        }

        var undecodable = new HashSet<int>();
        for (var g = 0; g < groups; g++)
        {
            using var group = reader.ParquetReader.RowGroup(g);
            var meta = group.MetaData;
            for (var c = 0; c < meta.NumColumns; c++)
            {
                using var chunk = meta.GetColumnChunkMetaData(c);
                var encodings = chunk.Encodings;
                if (g == 0 && encodings.Any(static e => e is ParquetSharp.Encoding.RleDictionary or ParquetSharp.Encoding.PlainDictionary))
                {
                    leaves.Add(c);
                }

                if (encodings.Any(static e => e is not (ParquetSharp.Encoding.RleDictionary or ParquetSharp.Encoding.PlainDictionary
                    or ParquetSharp.Encoding.Plain or ParquetSharp.Encoding.Rle or ParquetSharp.Encoding.BitPacked)))
                {
                    undecodable.Add(c);
                }
            }
        }

        leaves.ExceptWith(undecodable);
        return leaves;
    }

    /// <summary>
    /// The unsigned 32-bit columns stored with DELTA_BINARY_PACKED. DuckDB (PARQUET_VERSION V2) writes a page's first
    /// value of such a column as a 64-bit number, so a page that starts at 2^31 or above is one Arrow's reader rejects
    /// ("InitHeader EOF"); the error names these columns and says how to write the file instead.
    /// </summary>
    public static List<string> DeltaUnsigned32(FileReader reader)
    {
        var found = new List<string>();
        var meta = reader.ParquetReader.FileMetaData;
        var columns = new HashSet<int>();
        for (var c = 0; c < meta.Schema.NumColumns; c++)
        {
            try
            {
                if (meta.Schema.Column(c).LogicalType is ParquetSharp.IntLogicalType { BitWidth: 32, IsSigned: false })
                {
                    columns.Add(c);
                }
            }
            catch (ArgumentOutOfRangeException)
            {
                // A logical type ParquetSharp does not know (a damaged footer): only the hint is lost; reading reports the damage.
            }
        }

        for (var g = 0; g < meta.NumRowGroups && columns.Count > 0; g++)
        {
            using var group = reader.ParquetReader.RowGroup(g);
            foreach (var c in columns.ToArray())
            {
                using var chunk = group.MetaData.GetColumnChunkMetaData(c);
                if (chunk.Encodings.Contains(ParquetSharp.Encoding.DeltaBinaryPacked))
                {
                    found.Add(meta.Schema.Column(c).Path.ToDotString());
                    columns.Remove(c);
                }
            }
        }

        return found;
    }
}
