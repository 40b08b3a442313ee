namespace Sluice.Data.Json;

/// <summary>The two JSON layouts of a table.</summary>
public enum JsonFormat
{
    /// <summary>JSON Lines: one object per line.</summary>
    Lines,
    /// <summary>One array of objects.</summary>
    Array,
}
