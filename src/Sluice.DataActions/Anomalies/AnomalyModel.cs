using System.Globalization;
using System.Text.Json;
using Sluice.Data.Anomalies;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// A fitted anomaly detector of a <c>provider: local</c> model, and its file format: one JSON object,
/// <c>{"format": "sluice-anomaly-model", "version": 1, "method", "columns", "fitted_rows", ...}</c> with, per method,
/// <c>"column_stats": {column: {mean, std}}</c> (zscore), <c>{column: {q1, q3}}</c> (iqr), or
/// <c>"forest": {feature_count, sample_size, offset, trees: [{feature, value, left}]}</c> (isolation_forest).
/// Thresholds (<c>threshold</c>, <c>iqr_k</c>, <c>std</c>) stay task parameters; what is fitted on data is saved.
/// </summary>
internal sealed record AnomalyModel
{
    public const string Format = "sluice-anomaly-model";

    public required string Method { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    public long FittedRows { get; init; }

    /// <summary>zscore: (mean, std) per column; iqr: (q1, q3) per column.</summary>
    public IReadOnlyList<(double A, double B)> ColumnStats { get; init; } = [];

    public IsolationForestState? Forest { get; init; }

    /// <summary>Writes the model to <paramref name="path"/> (folders created; replaced atomically).</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = Forest is null }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", 1);
            w.WriteString("method", Method);
            w.WriteStartArray("columns");
            Columns.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteNumber("fitted_rows", FittedRows);
            if (Forest is { } f)
            {
                w.WriteStartObject("forest");
                w.WriteNumber("feature_count", f.FeatureCount);
                w.WriteNumber("sample_size", f.SampleSize);
                w.WriteNumber("offset", f.Offset);
                w.WriteStartArray("trees");
                foreach (var t in f.Trees)
                {
                    w.WriteStartObject();
                    Array(w, "feature", t.Feature, static (w, v) => w.WriteNumberValue(v));
                    Array(w, "value", t.Value, static (w, v) => w.WriteNumberValue(v));
                    Array(w, "left", t.Left, static (w, v) => w.WriteNumberValue(v));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }
            else
            {
                var (a, b) = Method == "zscore" ? ("mean", "std") : ("q1", "q3");
                w.WriteStartObject("column_stats");
                for (var c = 0; c < Columns.Count; c++)
                {
                    w.WriteStartObject(Columns[c]);
                    w.WriteNumber(a, ColumnStats[c].A);
                    w.WriteNumber(b, ColumnStats[c].B);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="SluiceException">The file is a Python pickle, or not a valid model file (the message says what is wrong).</exception>
    public static AnomalyModel Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        // Pickle protocols 2 to 5 start with the PROTO opcode 0x80 and the protocol number.
        if ((bytes.Length >= 2 && bytes[0] == 0x80 && bytes[1] is >= 2 and <= 5) || (bytes.Length > 0 && bytes[0] != (byte)'{' && !char.IsWhiteSpace((char)bytes[0])))
        {
            throw new SluiceException($"model file '{path}' is not a Sluice model file{(bytes.Length > 0 && bytes[0] == 0x80 ? " (it is a Python pickle)" : "")}: Sluice does not load pickles, which run code when loaded and only Python can read. Export the fitted parameters to Sluice's JSON model format (docs/actions.md#local-models), or delete the file: the task then fits the model on its data and saves it there.");
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
            {
                throw new FormatException($"it has no \"format\": \"{Format}\"");
            }

            if (root.GetProperty("version").GetInt32() != 1)
            {
                throw new FormatException("its version is not 1");
            }

            var method = root.GetProperty("method").GetString() ?? "";
            var columns = root.GetProperty("columns").EnumerateArray().Select(static c => c.GetString() ?? throw new FormatException("a column name is not text")).ToList();
            var model = new AnomalyModel
            {
                Method = method,
                Columns = columns,
                FittedRows = root.TryGetProperty("fitted_rows", out var rows) ? rows.GetInt64() : 0,
            };
            switch (method)
            {
                case "isolation_forest":
                    var f = root.GetProperty("forest");
                    var trees = f.GetProperty("trees").EnumerateArray().Select(static t => new IsolationTreeState(
                        [.. t.GetProperty("feature").EnumerateArray().Select(static v => v.GetInt32())],
                        [.. t.GetProperty("value").EnumerateArray().Select(static v => v.GetDouble())],
                        [.. t.GetProperty("left").EnumerateArray().Select(static v => v.GetInt32())])).ToList();
                    var state = new IsolationForestState(f.GetProperty("feature_count").GetInt32(), f.GetProperty("sample_size").GetInt32(), f.GetProperty("offset").GetDouble(), trees);
                    if (state.FeatureCount != columns.Count)
                    {
                        throw new FormatException($"the forest has {state.FeatureCount} features but {columns.Count} columns are listed");
                    }

                    _ = IsolationForest.FromState(state);
                    return model with { Forest = state };
                case "zscore" or "iqr":
                    var (a, b) = method == "zscore" ? ("mean", "std") : ("q1", "q3");
                    var stats = root.GetProperty("column_stats");
                    return model with { ColumnStats = [.. columns.Select(c => (stats.GetProperty(c).GetProperty(a).GetDouble(), stats.GetProperty(c).GetProperty(b).GetDouble()))] };
                default:
                    throw new FormatException($"its method '{method}' is not zscore, iqr or isolation_forest");
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new SluiceException(string.Create(CultureInfo.InvariantCulture, $"model file '{path}' cannot be read: {ex.Message}. Fix it, or delete it so that the task fits a new model and saves it there (format: docs/actions.md#local-models)."));
        }
    }

    private static void Array<T>(Utf8JsonWriter w, string name, T[] values, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            write(w, v);
        }

        w.WriteEndArray();
    }
}
