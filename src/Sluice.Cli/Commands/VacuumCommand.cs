using System.CommandLine;
using Sluice.Hosting;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice db vacuum</c>: returns the space of deleted rows. SQLite: <c>VACUUM</c> rewrites the file (needed once for
/// a store created before incremental auto-vacuum, which purges then use); PostgreSQL: <c>VACUUM (ANALYZE)</c> on
/// Sluice's tables.
/// </summary>
internal static class VacuumCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var cmd = new Command("vacuum", "Return the space of deleted rows: VACUUM on SQLite (rewrites the file), VACUUM (ANALYZE) on PostgreSQL.") { store };
        cmd.SetAction(async (parse, ct) =>
        {
            var target = SluiceStores.Resolve(parse.GetValue(store));
            await using var s = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            var file = SluiceStores.IsShared(target) ? null : new FileInfo(target);
            var before = file?.Length;
            await s.Retention.ReclaimSpaceAsync(full: true, ct).ConfigureAwait(false);
            file?.Refresh();
            await Console.Out.WriteLineAsync(file is null
                ? $"vacuumed {s.Description}"
                : $"vacuumed {s.Description}: {before:N0} → {file.Length:N0} bytes").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return cmd;
    }
}
