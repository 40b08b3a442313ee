using System.Globalization;
using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Windows;

/// <summary>
/// A grouping key without per-event allocation for the common case: a single integer (or timestamp) key column is
/// held in <see cref="Number"/>; other keys are joined into <see cref="Text"/>.
/// </summary>
internal readonly record struct StreamKey(long Number, string? Text)
{
    public static StreamKey None => default;

    /// <summary>
    /// The key of <paramref name="row"/> over <paramref name="keys"/>: the number itself when <paramref name="singleNumber"/>
    /// (one integer column), otherwise the values' invariant text joined by U+001F, nulls as U+0000. Two readers agree on
    /// a key exactly when they agree on <paramref name="singleNumber"/>.
    /// </summary>
    public static StreamKey Of(ColumnReader[] keys, bool singleNumber, int row)
    {
        if (keys.Length == 0)
        {
            return None;
        }

        if (singleNumber)
        {
            return keys[0].IsNull(row) ? new StreamKey(0, "\u0000") : new StreamKey(keys[0].Long(row), null);
        }

        if (keys.Length == 1)
        {
            return new StreamKey(0, KeyText(keys[0], row));
        }

        return new StreamKey(0, string.Join('\u001f', keys.Select(k => KeyText(k, row))));
    }

    private static string KeyText(ColumnReader key, int row) => key.Value(row) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture)! : "\u0000";

    public void Save(StateWriter writer)
    {
        writer.Write(Number);
        writer.WriteValue(Text);
    }

    public static StreamKey Load(StateReader reader) => new(reader.ReadLong(), (string?)reader.ReadValue());
}
