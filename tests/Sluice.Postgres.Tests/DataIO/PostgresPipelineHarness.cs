using Npgsql;
using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.DataActions;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.Postgres.Actions;
using Sluice.Sqlite.State;
using Sluice.State;

namespace Sluice.Postgres.Tests.DataIO;

/// <summary>
/// Runs pipeline YAML on the real executor with the actions the CLI registers (built-ins plus PostgreSQL), state in a
/// temp SQLite file. In the YAML, <c>$ROOT</c> is a temp folder and <c>$PG</c> a fresh database's connection string.
/// </summary>
public sealed class PostgresPipelineHarness : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sluice-pgio-" + Guid.NewGuid().ToString("N")[..12]);

    private PostgresPipelineHarness(string connectionString)
    {
        Directory.CreateDirectory(_root);
        ConnectionString = connectionString;
        Store = new SqliteStateStore(Path.Combine(_root, "state.db"));
    }

    /// <summary>The test database (superuser, trust authentication).</summary>
    public string ConnectionString { get; }

    public SqliteStateStore Store { get; }

    public ActionRegistry Actions { get; } = CreateActions();

    public string Root => _root;

    private static ActionRegistry CreateActions()
    {
        var tables = new TableProviders();
        return PostgresActions.Register(DataActionSet.Register(BuiltInActions.CreateRegistry(), tables), tables);
    }

    public static async Task<PostgresPipelineHarness> CreateAsync(Testing.PostgresFixture server) => new(await server.CreateDatabaseAsync());

    public string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public PipelineDefinition Load(string yaml)
    {
        var text = yaml.Replace("$ROOT", _root, StringComparison.Ordinal).Replace("$PG", ConnectionString, StringComparison.Ordinal);
        var loaded = PipelineLoader.Load(text, "pipeline.yaml", Actions);
        loaded.Definition.ShouldNotBeNull(string.Join("\n", loaded.Diagnostics));
        return loaded.Definition!;
    }

    public async Task<RunOutcome> RunAsync(string yaml)
    {
        var definition = Load(yaml);
        await Store.InitializeAsync();
        var version = new PipelineVersionRecord(definition.Id, "hash", definition.Name, definition.Version, "{}", null, DateTimeOffset.UnixEpoch);
        var bound = InputBinder.Bind(definition, new Dictionary<string, object?>(), out var errors);
        errors.ShouldBeEmpty();
        var executor = new RunExecutor(Store, Actions, new ExecutorOptions { ArtifactRoot = Path.Combine(_root, "artifacts"), Jitter = new Random(7) });
        return await executor.RunAsync(definition, version, bound);
    }

    public static IReadOnlyDictionary<string, object?> Outputs(RunOutcome outcome, string task) =>
        (IReadOnlyDictionary<string, object?>)outcome.Outputs[task]!;

    public async Task<string> ErrorOfAsync(RunOutcome outcome, string task)
    {
        var rows = await Store.GetTaskInstancesAsync(outcome.RunId);
        return rows.First(r => r.TaskId == task).Error ?? "";
    }

    /// <summary>Runs SQL on the test database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The rows of a query, each as its columns' text joined by '|' (null as ∅).</summary>
    public async Task<IReadOnlyList<string>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
