namespace Sluice.Postgres.DataIO;

/// <summary>The .NET type a PostgreSQL column is read as, before conversion to the engine's column type.</summary>
internal enum PostgresReadKind
{
    /// <summary><c>int8</c> (narrower integers are cast or widened).</summary>
    Int64,

    /// <summary><c>float8</c> (<c>float4</c> is widened).</summary>
    Float64,

    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary><c>numeric</c> as <see cref="decimal"/>.</summary>
    Decimal,

    /// <summary><c>text</c>, <c>varchar</c>, <c>char(n)</c>.</summary>
    Text,

    /// <summary><c>date</c>.</summary>
    Date,

    /// <summary><c>timestamp</c> (without time zone).</summary>
    Timestamp,

    /// <summary><c>timestamptz</c>, read as UTC.</summary>
    TimestampUtc,
}
