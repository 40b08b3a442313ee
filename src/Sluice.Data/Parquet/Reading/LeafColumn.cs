using Sluice.Data.Batches;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Reading;

/// <summary>A flat (non-nested) column of the file, resolved to one of our types.</summary>
/// <param name="Name">The column name.</param>
/// <param name="ChunkIndex">The position of its column chunk in each row group (leaf order).</param>
/// <param name="Physical">The physical type.</param>
/// <param name="TypeLength">The byte length of FIXED_LEN_BYTE_ARRAY values.</param>
/// <param name="Type">Our type.</param>
/// <param name="MaxDefinitionLevel">1 for OPTIONAL, 0 for REQUIRED.</param>
/// <param name="Adjust">How stored values are adjusted (timestamp units, unsigned integers).</param>
internal sealed record LeafColumn(string Name, int ChunkIndex, PhysicalKind Physical, int TypeLength, DataType Type, int MaxDefinitionLevel, ValueAdjust Adjust);
