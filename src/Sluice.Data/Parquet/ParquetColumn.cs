using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sluice.Data.Arrow;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Column = Sluice.Data.Columns.Column;

namespace Sluice.Data.Parquet;

/// <summary>One of our columns in a Parquet file: where it is in the Arrow batches the reader returns (see <see cref="ParquetColumns"/>).</summary>
internal sealed record ParquetColumn(string Name, DataType Type, string[] Path, int[] Leaves, bool Dictionary, bool Json)
{
    public Column Read(Apache.Arrow.RecordBatch batch, ArrowToColumns convert, string file)
    {
        var array = batch.Column(Path[0]);
        List<IArrowArray>? enclosing = null;
        for (var k = 1; k < Path.Length; k++)
        {
            var parent = (StructArray)array;
            if (parent.NullCount > 0)
            {
                (enclosing ??= []).Add(parent);
            }

            array = parent.Fields[((StructType)parent.Data.DataType).GetFieldIndex(Path[k])];
        }

        if (enclosing is not null)
        {
            array = WithEnclosingNulls(array, enclosing);
        }

        return Json ? JsonText(array, file) : convert.Convert(array, file, Name);
    }

    private static IArrowArray WithEnclosingNulls(IArrowArray array, List<IArrowArray> enclosing)
    {
        var data = array.Data;
        var bits = new byte[(data.Offset + data.Length + 7) >> 3];
        var nulls = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (array.IsValid(i) && enclosing.TrueForAll(e => e.IsValid(i)))
            {
                var bit = data.Offset + i;
                bits[bit >> 3] |= (byte)(1 << (bit & 7));
            }
            else
            {
                nulls++;
            }
        }

        var buffers = data.Buffers.ToArray();
        buffers[0] = new ArrowBuffer(bits);
        return ArrowArrayFactory.BuildArray(new ArrayData(data.DataType, data.Length, nulls, data.Offset, buffers, data.Children, data.Dictionary));
    }

    private static StringColumn JsonText(IArrowArray array, string file)
    {
        var builder = new Utf8Builder(array.Length, array.Length * 16);
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        for (var i = 0; i < array.Length; i++)
        {
            if (array.IsNull(i))
            {
                builder.AppendNull();
                continue;
            }

            buffer.ResetWrittenCount();
            writer.Reset();
            Write(writer, array, i, file);
            writer.Flush();
            builder.Append(buffer.WrittenSpan);
        }

        return builder.Build();
    }

    private static void Write(Utf8JsonWriter w, IArrowArray array, int i, string file)
    {
        if (array.IsNull(i))
        {
            w.WriteNullValue();
            return;
        }

        switch (array)
        {
            case MapArray map:
                w.WriteStartObject();
                for (var k = map.ValueOffsets[i]; k < map.ValueOffsets[i + 1]; k++)
                {
                    w.WritePropertyName(Text(map.Keys, k, file));
                    Write(w, map.Values is StructArray entries ? entries.Fields[1] : map.Values, k, file);
                }

                w.WriteEndObject();
                return;
            case ListArray list:
                w.WriteStartArray();
                for (var k = list.ValueOffsets[i]; k < list.ValueOffsets[i + 1]; k++)
                {
                    Write(w, list.Values, k, file);
                }

                w.WriteEndArray();
                return;
            case LargeListArray large:
                w.WriteStartArray();
                for (var k = large.ValueOffsets[i]; k < large.ValueOffsets[i + 1]; k++)
                {
                    Write(w, large.Values, (int)k, file);
                }

                w.WriteEndArray();
                return;
            case FixedSizeListArray fixedList:
                var size = ((FixedSizeListType)fixedList.Data.DataType).ListSize;
                w.WriteStartArray();
                for (var k = 0; k < size; k++)
                {
                    Write(w, fixedList.Values, ((fixedList.Offset + i) * size) + k, file);
                }

                w.WriteEndArray();
                return;
            case StructArray s:
                var type = (StructType)s.Data.DataType;
                w.WriteStartObject();
                for (var f = 0; f < type.Fields.Count; f++)
                {
                    w.WritePropertyName(type.Fields[f].Name);
                    Write(w, s.Fields[f], i, file);
                }

                w.WriteEndObject();
                return;
            case BooleanArray b:
                w.WriteBooleanValue(b.GetValue(i)!.Value);
                return;
            case Int8Array or Int16Array or Int32Array or Int64Array or UInt8Array or UInt16Array or UInt32Array:
                w.WriteNumberValue(Integer(array, i)!.Value);
                return;
            case UInt64Array u:
                w.WriteNumberValue(u.GetValue(i)!.Value);
                return;
            case FloatArray f32:
                WriteDouble(w, f32.GetValue(i)!.Value);
                return;
            case DoubleArray f64:
                WriteDouble(w, f64.GetValue(i)!.Value);
                return;
            case Decimal128Array d:
                w.WriteNumberValue(d.GetValue(i)!.Value);
                return;
            case Date32Array date:
                w.WriteStringValue(date.GetDateOnly(i)!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return;
            case TimestampArray ts:
                w.WriteStringValue(ts.GetTimestamp(i)!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                return;
            case StringArray or LargeStringArray or DictionaryArray:
                w.WriteStringValue(Text(array, i, file));
                return;
            default:
                throw new DataException($"{file}: a nested value has the Arrow type {array.Data.DataType.Name}, which is not read.");
        }
    }

    private static void WriteDouble(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static long? Integer(IArrowArray array, int i) => array switch
    {
        Int8Array a => a.GetValue(i),
        Int16Array a => a.GetValue(i),
        Int32Array a => a.GetValue(i),
        Int64Array a => a.GetValue(i),
        UInt8Array a => a.GetValue(i),
        UInt16Array a => a.GetValue(i),
        UInt32Array a => a.GetValue(i),
        _ => null,
    };

    private static string Text(IArrowArray array, int i, string file) => array switch
    {
        StringArray s => s.GetString(i),
        LargeStringArray s => s.GetString(i),
        DictionaryArray d => Text(d.Dictionary, (int)Integer(d.Indices, i)!.Value, file),
        _ => Integer(array, i)?.ToString(CultureInfo.InvariantCulture)
            ?? throw new DataException($"{file}: a map key has the Arrow type {array.Data.DataType.Name}, which is not read."),
    };
}
