namespace Sluice.Lineage;

/// <summary>Whether a task read or wrote a dataset.</summary>
public enum LineageDirection
{
    /// <summary>The task read the dataset.</summary>
    Read,

    /// <summary>The task wrote the dataset.</summary>
    Write,
}
