namespace Sluice.Data.Batches;

/// <summary>An ordered list of uniquely named fields.</summary>
public sealed class Schema : IEquatable<Schema>
{
    private readonly Field[] _fields;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a schema.</summary>
    /// <exception cref="ArgumentException">Two fields have the same name.</exception>
    public Schema(IEnumerable<Field> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = [.. fields];
        _index = new Dictionary<string, int>(_fields.Length, StringComparer.Ordinal);
        for (var i = 0; i < _fields.Length; i++)
        {
            if (!_index.TryAdd(_fields[i].Name, i))
            {
                throw new ArgumentException($"Duplicate column name '{_fields[i].Name}'.", nameof(fields));
            }
        }
    }

    /// <summary>Creates a schema from fields.</summary>
    public Schema(params Field[] fields) : this((IEnumerable<Field>)fields) { }

    /// <summary>The fields in order.</summary>
    public IReadOnlyList<Field> Fields => _fields;

    /// <summary>The number of fields.</summary>
    public int Count => _fields.Length;

    /// <summary>The field at <paramref name="index"/>.</summary>
    public Field this[int index] => _fields[index];

    /// <summary>The position of the field named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>The position of the field named <paramref name="name"/>.</summary>
    /// <exception cref="DataException">No such column; the message lists the available columns.</exception>
    public int Require(string name)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            throw new DataException($"Unknown column '{name}'; available: {string.Join(", ", _fields.Select(f => f.Name))}.");
        }

        return i;
    }

    /// <inheritdoc />
    public bool Equals(Schema? other) => other is not null && _fields.AsSpan().SequenceEqual(other._fields);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Schema s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var f in _fields)
        {
            h.Add(f);
        }

        return h.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _fields.Select(f => f.ToString()));
}
