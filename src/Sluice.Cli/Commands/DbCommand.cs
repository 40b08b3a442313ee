using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice db migrate|purge|archive|vacuum</c>: schema and maintenance of the state store.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var migrate = new Command("migrate", "Create or upgrade the state store's schema (also done automatically on start).") { store };
        migrate.SetAction(async (parse, ct) =>
        {
            await using var s = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"schema up to date: {s.Description}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return new Command("db", "State store maintenance.") { migrate, PurgeCommand.Create(), ArchiveCommand.Create(), VacuumCommand.Create() };
    }
}
