using Apache.Arrow.Types;
using ParquetSharp.Arrow;
using Sluice.Data.Arrow;
using Sluice.Data.Batches;

namespace Sluice.Data.Parquet;

/// <summary>
/// How a Parquet file's columns become ours. A flat column keeps its type (integers → int64, FLOAT/DOUBLE → float64,
/// DATE → date, TIMESTAMP and INT96 → timestamp in microseconds, DECIMAL with scale up to 18 → decimal, strings →
/// string). A string column whose first row group is dictionary-encoded is read as a dictionary column, so
/// low-cardinality text stays codes plus a small dictionary. A struct becomes one column per field, named
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

    private static HashSet<int> DictionaryEncodedLeaves(FileReader reader)
    {
        var leaves = new HashSet<int>();
        if (reader.ParquetReader.FileMetaData.NumRowGroups == 0)
        {
            return leaves;
        }

        using var group = reader.ParquetReader.RowGroup(0);
        var meta = group.MetaData;
        for (var c = 0; c < meta.NumColumns; c++)
        {
            using var chunk = meta.GetColumnChunkMetaData(c);
            if (chunk.Encodings.Any(static e => e is ParquetSharp.Encoding.RleDictionary or ParquetSharp.Encoding.PlainDictionary))
            {
                leaves.Add(c);
            }
        }

        return leaves;
    }
}
