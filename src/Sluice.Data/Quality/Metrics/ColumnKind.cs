namespace Sluice.Data.Quality.Metrics;

/// <summary>The value type of an <see cref="IColumnView"/>, which decides the getter to call.</summary>
public enum ColumnKind
{
    /// <summary>Numbers (integers and floats): <see cref="IColumnView.GetDouble"/>.</summary>
    Number,

    /// <summary>Text: <see cref="IColumnView.GetChars"/> / <see cref="IColumnView.GetString"/>.</summary>
    Text,

    /// <summary>Instants: <see cref="IColumnView.GetTimestamp"/>.</summary>
    Timestamp,

    /// <summary>Booleans: <see cref="IColumnView.GetBoolean"/>.</summary>
    Boolean,
}
