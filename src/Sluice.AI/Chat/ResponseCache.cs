using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sluice.Sqlite.Connection;

namespace Sluice.AI.Chat;

/// <summary>
/// Valid model answers kept in a SQLite file under the store's artifact root, keyed by a hash of (endpoint, model,
/// temperature, messages, schema): a re-run or a resume of the same work sends no request and spends no token. Only
/// answers that passed validation are kept. Shared by every task of a process; safe across processes (WAL).
/// </summary>
internal sealed class ResponseCache(string path) : IAsyncDisposable
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE llm_responses (
            key TEXT PRIMARY KEY,
            model TEXT NOT NULL,
            answer TEXT NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
    ];

    private readonly SqliteDatabase _db = new(path, "llm_cache_migrations", Migrations);

    /// <summary>The file.</summary>
    public string Path => _db.Path;

    /// <summary>The key of <paramref name="call"/> sent to <paramref name="settings"/>'s model.</summary>
    public static string Key(ChatModelSettings settings, ChatCall call)
    {
        var text = JsonSerializer.Serialize(new object?[] { settings.BaseUrl.ToString(), settings.Model, settings.Temperature, call.System, call.User, call.SchemaName, call.Schema.GetRawText() });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var conn = await _db.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT answer FROM llm_responses WHERE key = $key";
        cmd.Parameters.AddWithValue("$key", key);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task PutAsync(string key, string model, string answer, long inputTokens, long outputTokens, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await _db.WriteAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO llm_responses (key, model, answer, input_tokens, output_tokens) VALUES ($key, $model, $answer, $in, $out)";
            cmd.Parameters.AddWithValue("$key", key);
            cmd.Parameters.AddWithValue("$model", model);
            cmd.Parameters.AddWithValue("$answer", answer);
            cmd.Parameters.AddWithValue("$in", inputTokens);
            cmd.Parameters.AddWithValue("$out", outputTokens);
            return cmd.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
