using Npgsql.Schema;
using Sluice.Data;
using Sluice.Data.Batches;

namespace Sluice.Postgres.DataIO;

/// <summary>Chooses how each column of a table or query is read, from its PostgreSQL type and the user's schema and projection.</summary>
internal static class PostgresColumnPlanner
{
    /// <summary>The columns to read, in order.</summary>
    /// <param name="described">The table's or query's columns.</param>
    /// <param name="explicitSchema">Types the user gave for some columns, or null.</param>
    /// <param name="columns">The columns to keep, in order, or null for all.</param>
    /// <param name="where">The source, for messages.</param>
    /// <exception cref="DataException">A column is missing, named twice, or has a type with no engine type and no schema.</exception>
    public static IReadOnlyList<PostgresColumn> Plan(IReadOnlyList<NpgsqlDbColumn> described, Schema? explicitSchema, IReadOnlyList<string>? columns, string where)
    {
        var byName = new Dictionary<string, NpgsqlDbColumn>(StringComparer.Ordinal);
        foreach (var c in described)
        {
            if (!byName.TryAdd(c.ColumnName, c))
            {
                throw new DataException($"{where}: two columns are named '{c.ColumnName}'; give one an alias (AS other_name)");
            }
        }
        var plan = new List<PostgresColumn>();
        foreach (var name in columns ?? [.. described.Select(static c => c.ColumnName)])
        {
            var column = byName.GetValueOrDefault(name)
                ?? throw new DataException($"{where}: there is no column '{name}' (columns: {string.Join(", ", described.Select(static c => c.ColumnName))})");
            plan.Add(PlanOne(column, explicitSchema is { } s && s.IndexOf(name) is var i and >= 0 ? s[i].Type : null, where));
        }
        return plan;
    }

    private static PostgresColumn PlanOne(NpgsqlDbColumn column, DataType? given, string where)
    {
        var quoted = PostgresTypes.Quote(column.ColumnName);
        var natural = PostgresTypes.Natural(column, numericAsFloat: false, out var problem);
        if (natural is { } n)
        {
            // Narrow integers and float4 are cast on the server so each read kind has one wire type.
            var expression = PostgresTypes.InternalName(column) switch
            {
                "int2" or "int4" => quoted + "::int8",
                "float4" => quoted + "::float8",
                _ => quoted,
            };
            return new PostgresColumn(column.ColumnName, PostgresTypes.Display(column), given ?? n.Type, n.Read, expression);
        }
        if (given is null)
        {
            throw new DataException($"{where}: column '{column.ColumnName}' {problem}");
        }
        if (given.Kind == TypeKind.Decimal && PostgresTypes.InternalName(column) == "numeric")
        {
            return new PostgresColumn(column.ColumnName, PostgresTypes.Display(column), given, PostgresReadKind.Decimal, quoted);
        }
        var (read, cast) = PostgresTypes.CanonicalRead(given);
        return new PostgresColumn(column.ColumnName, PostgresTypes.Display(column), given, read, $"{quoted}::{cast}");
    }
}
