using Sluice.Data.Batches;

namespace Sluice.Data.Columns;

/// <summary>
/// An immutable, typed vector of values with an optional validity mask (null mask = no nulls).
/// Buffers are pooled and reference counted: <see cref="Retain"/> shares a column between batches,
/// and each <see cref="Dispose()"/> releases one reference; the last returns the buffers to the pool.
/// </summary>
public abstract class Column : IDisposable
{
    private int _refCount = 1;

    /// <summary>Initialises the common part.</summary>
    protected Column(DataType type, int length, ValidityMask? validity)
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
        Length = length;
        Validity = validity;
    }

    /// <summary>The value type.</summary>
    public DataType Type { get; }

    /// <summary>The number of rows.</summary>
    public int Length { get; }

    /// <summary>The validity mask, or null when no row is null.</summary>
    public ValidityMask? Validity { get; }

    /// <summary>True when row <paramref name="row"/> is null.</summary>
    public bool IsNull(int row) => Validity is { } v && !v.IsValid(row);

    /// <summary>The number of null rows.</summary>
    public int NullCount => Validity is null ? 0 : Length - Validity.CountValid();

    /// <summary>Adds a reference and returns this column (for sharing it in another batch).</summary>
    public Column Retain()
    {
        Interlocked.Increment(ref _refCount);
        return this;
    }

    /// <summary>A new column holding the rows at <paramref name="rows"/> in that order; index -1 gives null.</summary>
    public abstract Column Gather(ReadOnlySpan<int> rows);

    /// <summary>The value of a row boxed (long, double, bool, string, DateOnly, DateTime, decimal), or null. Not for hot paths.</summary>
    public abstract object? GetValue(int row);

    /// <summary>Returns the buffers to the pool (called once, when the last reference goes).</summary>
    protected abstract void ReleaseBuffers();

    /// <summary>Releases one reference.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases one reference; the last one returns the buffers.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Decrement(ref _refCount) == 0)
        {
            Validity?.Dispose();
            ReleaseBuffers();
        }
    }

    /// <summary>Builds a validity mask for gathered rows, or null when the result has no nulls.</summary>
    internal ValidityMask? GatherValidity(ReadOnlySpan<int> rows)
    {
        // Without nulls only a missing row (-1, from an outer join) makes one; a vectorised search finds any.
        if (Validity is null && rows.IndexOfAnyInRange(int.MinValue, -1) < 0)
        {
            return null;
        }

        ValidityMask? mask = null;
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            if (r < 0 || (Validity is { } v && !v.IsValid(r)))
            {
                mask ??= ValidityMask.Create(rows.Length, true);
                mask.SetNull(i);
            }
        }

        return mask;
    }
}
