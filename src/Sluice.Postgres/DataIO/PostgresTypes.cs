using System.Globalization;
using Npgsql.PostgresTypes;
using Npgsql.Schema;
using Sluice.Data.Batches;

namespace Sluice.Postgres.DataIO;

/// <summary>
/// The mapping between PostgreSQL types and engine types: int2/4/8 → int64, numeric(p,s) with p ≤ 18 → decimal(s),
/// float4/8 → float64, bool, text/varchar/char → string, date, timestamp → timestamp, timestamptz → timestamp in UTC.
/// </summary>
internal static class PostgresTypes
{
    /// <summary>The name of the column's type without modifiers (a domain's base type), such as <c>int4</c>.</summary>
    public static string InternalName(NpgsqlDbColumn column)
    {
        var type = column.PostgresType;
        while (type is PostgresDomainType domain)
        {
            type = domain.BaseType;
        }
        return type?.InternalName ?? column.DataTypeName;
    }

    /// <summary>
    /// The engine type and read kind of a column, or a reason it has none. <paramref name="numericAsFloat"/> reads a
    /// numeric without a usable scale (unconstrained, or wider than 18 digits) as float64 instead of refusing it.
    /// </summary>
    public static (DataType Type, PostgresReadKind Read)? Natural(NpgsqlDbColumn column, bool numericAsFloat, out string? problem)
    {
        problem = null;
        switch (InternalName(column))
        {
            case "int2" or "int4" or "int8":
                return (DataType.Int64, PostgresReadKind.Int64);
            case "float4" or "float8":
                return (DataType.Float64, PostgresReadKind.Float64);
            case "bool":
                return (DataType.Bool, PostgresReadKind.Bool);
            case "text" or "varchar" or "bpchar":
                return (DataType.String, PostgresReadKind.Text);
            case "date":
                return (DataType.Date, PostgresReadKind.Date);
            case "timestamp":
                return (DataType.Timestamp, PostgresReadKind.Timestamp);
            case "timestamptz":
                return (DataType.Timestamp, PostgresReadKind.TimestampUtc);
            case "numeric":
                if (column.NumericPrecision is { } p and > 0 and <= 18 && column.NumericScale is { } s and >= 0 and <= 18)
                {
                    return (DataType.Decimal(s), PostgresReadKind.Decimal);
                }
                if (numericAsFloat)
                {
                    return (DataType.Float64, PostgresReadKind.Float64);
                }
                problem = column.NumericPrecision is { } wide and > 0
                    ? $"is {Display(column)}, wider than the 18 digits of a decimal; set schema: {{{column.ColumnName}: float64}} (approximate) or {{{column.ColumnName}: string}}"
                    : $"is numeric without a declared precision and scale; set schema: {{{column.ColumnName}: decimal(2)}} (the scale you need) or {{{column.ColumnName}: float64}}";
                return null;
            default:
                problem = $"has the PostgreSQL type {Display(column)}, which has no engine type; set schema: {{{column.ColumnName}: string}} to read it as text, or cast it in a query";
                return null;
        }
    }

    /// <summary>The type as users write it, such as <c>numeric(10,2)</c>.</summary>
    public static string Display(NpgsqlDbColumn column) =>
        InternalName(column) == "numeric" && column.NumericPrecision is { } p and > 0
            ? string.Create(CultureInfo.InvariantCulture, $"numeric({p},{column.NumericScale ?? 0})")
            : column.DataTypeName;

    /// <summary>The read kind that produces values of <paramref name="type"/> directly, and the cast that gets it there.</summary>
    public static (PostgresReadKind Read, string Cast) CanonicalRead(DataType type) => type.Kind switch
    {
        TypeKind.Int64 => (PostgresReadKind.Int64, "int8"),
        TypeKind.Float64 => (PostgresReadKind.Float64, "float8"),
        TypeKind.Bool => (PostgresReadKind.Bool, "bool"),
        TypeKind.Decimal => (PostgresReadKind.Decimal, "numeric"),
        TypeKind.Date => (PostgresReadKind.Date, "date"),
        TypeKind.Timestamp => (PostgresReadKind.Timestamp, "timestamp"),
        _ => (PostgresReadKind.Text, "text"),
    };

    /// <summary>The column type a table gets for an engine type.</summary>
    public static string Ddl(DataType type) => type.Kind switch
    {
        TypeKind.Int64 => "bigint",
        TypeKind.Float64 => "double precision",
        TypeKind.Bool => "boolean",
        TypeKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"numeric(18,{type.Scale})"),
        TypeKind.Date => "date",
        TypeKind.Timestamp => "timestamp",
        _ => "text",
    };

    /// <summary>A quoted identifier.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A table name as SQL: <c>name</c> or <c>schema.name</c>, each part quoted (so used as written, case included).</summary>
    public static string QuoteTable(string table)
    {
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < table.Length - 1 ? Quote(table[..dot]) + "." + Quote(table[(dot + 1)..]) : Quote(table);
    }
}
