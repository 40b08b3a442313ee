using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Quarantine;
using Sluice.DataActions.IO;
using Sluice.Datasets;
using Sluice.Diagnostics;

namespace Sluice.Postgres.DataIO;

/// <summary>
/// PostgreSQL tables and queries as sources of <c>ingest_from_sources</c> and targets of <c>export_to_targets</c>
/// (handles of format <c>postgres</c>). Register it with <see cref="TableProviders.Register"/>, or call
/// <see cref="Actions.PostgresActions.Register"/>, which does.
/// </summary>
public sealed class PostgresTableProvider : ITableProvider
{
    /// <summary>The provider (it holds no state).</summary>
    public static PostgresTableProvider Instance { get; } = new();

    /// <inheritdoc />
    public string Format => "postgres";

    /// <inheritdoc />
    public string DisplayName => "PostgreSQL";

    /// <inheritdoc />
    public bool Accepts(string connection) => PostgresConnectionString.Accepts(connection);

    /// <inheritdoc />
    public DatasetRef Reference(string connection, string? table, string? query)
    {
        if ((table is null) == (query is null))
        {
            throw new SluiceException("a PostgreSQL source needs exactly one of 'table' and 'query'");
        }
        var target = PostgresConnectionString.Parse(connection);
        var options = new Dictionary<string, object?>(StringComparer.Ordinal) { ["connection"] = PostgresConnectionString.WithoutPassword(target) };
        if (table is not null)
        {
            options["table"] = table;
        }
        else
        {
            options["query"] = query;
        }
        return new DatasetRef { Path = PostgresConnectionString.Describe(target) + "#" + (table ?? "query"), Format = Format, Options = options, Kind = "source" };
    }

    /// <inheritdoc />
    public OpenedDataset Open(DatasetRef dataset, Schema? schema, IReadOnlyList<string>? columns, IQuarantineSink? quarantine)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var connection = dataset.Options.GetValueOrDefault("connection") as string ?? throw new DataException($"{dataset.Path}: the handle has no 'connection'");
        var target = PostgresConnectionString.Parse(connection);
        var from = dataset.Options.GetValueOrDefault("table") is string table
            ? PostgresTypes.QuoteTable(table)
            : dataset.Options.GetValueOrDefault("query") is string query
                ? $"({query.TrimEnd().TrimEnd(';')}) AS sluice_query"
                : throw new DataException($"{dataset.Path}: the handle has neither 'table' nor 'query'");
        var source = PostgresTableSource.Open(target, dataset.Path, from, schema, columns, quarantine);
        return new OpenedDataset(source, () => source.RecordsRead, () => source.RecordsQuarantined);
    }

    /// <inheritdoc />
    public async Task<(long Rows, string Location)> WriteAsync(IBatchSource source, string connection, string table, TableWriteMode mode, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(table);
        var target = PostgresConnectionString.Parse(connection);
        var location = PostgresConnectionString.Describe(target) + "#" + table;
        var rows = await PostgresTableWriter.WriteAsync(source, target, table, mode, keys, location, cancellationToken).ConfigureAwait(false);
        return (rows, location);
    }
}
