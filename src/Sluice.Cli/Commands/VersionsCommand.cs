using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Operators;
using Sluice.State;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice versions PIPELINE</c>: the stored definition versions of a pipeline (numbered from the oldest, with when,
/// hash, label and file); <c>--diff A B</c> prints a unified diff of two versions' YAML; <c>--rollback V</c> writes
/// version V back into the pipeline's file, so that it is what runs next (and what a server serving the folder
/// reloads), recorded in the audit trail with who and when.
/// </summary>
internal static class VersionsCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline id." };
        var diff = new Option<string[]>("--diff") { Description = "Two versions (number or hash prefix): print what changed from the first to the second.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var rollback = new Option<string>("--rollback") { Description = "A version (number or hash prefix) to write back into the pipeline's file." };
        var file = new Option<string>("--file") { Description = "The file --rollback writes; the default is the file the newest version was loaded from." };
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var cmd = new Command("versions", "List, compare or roll back a pipeline's stored versions.") { pipeline, diff, rollback, file, store, json };
        cmd.SetAction(async (parse, ct) =>
        {
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            var versions = await PipelineVersions.ReadAsync(opened.State, parse.GetValue(pipeline)!, ct).ConfigureAwait(false);
            if (parse.GetValue(diff) is { Length: 2 } pair)
            {
                var (a, b) = (Find(versions, pair[0]), Find(versions, pair[1]));
                Console.Out.Write(VersionDiff.Unified(a.SourceText, b.SourceText, Name(versions, a), Name(versions, b)));
                return ExitCodes.Success;
            }
            if (parse.GetValue(rollback) is { } target)
            {
                var version = Find(versions, target);
                var path = parse.GetValue(file) ?? versions.NewestFirst[0].SourcePath
                    ?? throw new CliException($"the versions of '{versions.PipelineId}' were not loaded from a file; say which file to write with --file PATH", ExitCodes.Invalid);
                await File.WriteAllTextAsync(path, version.SourceText, new UTF8Encoding(false), ct).ConfigureAwait(false);
                await opened.Operators.RecordAsync(new AuditEntry(0, TimeProvider.System.GetUtcNow(), ResumeOptions.Actor, "rollback", versions.PipelineId, null,
                    string.Create(CultureInfo.InvariantCulture, $"version {versions.NumberOf(version)} ({version.Hash[..12]}) written to {Path.GetFullPath(path)}")), ct).ConfigureAwait(false);
                Terminal.Note($"{Path.GetFullPath(path)} now holds version {versions.NumberOf(version)} ({version.Hash[..12]}) of {versions.PipelineId}");
                return ExitCodes.Success;
            }
            var active = ActiveHash(opened, versions);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(versions.NewestFirst.Select(v => new
                {
                    number = versions.NumberOf(v), hash = v.Hash, label = v.VersionLabel, created_at = v.CreatedAt, source_path = v.SourcePath, in_file = v.Hash == active,
                })));
                return ExitCodes.Success;
            }
            if (versions.NewestFirst.Count == 0)
            {
                Terminal.Out.MarkupLine($"[grey]no stored versions of {Markup.Escape(versions.PipelineId)}: a version is stored when a run starts or a server loads the file[/]");
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("#", "stored", "hash", "label", "file");
            foreach (var v in versions.NewestFirst)
            {
                var mark = v.Hash == active ? " [green](in the file now)[/]" : "";
                table.AddRow(versions.NumberOf(v).ToString(CultureInfo.InvariantCulture), v.CreatedAt.ToString("u", CultureInfo.InvariantCulture), v.Hash[..12] + mark,
                    Markup.Escape(v.VersionLabel ?? ""), Markup.Escape(v.SourcePath ?? ""));
            }
            Terminal.Out.Write(table);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static PipelineVersionRecord Find(PipelineVersions versions, string reference) =>
        versions.Find(reference, out var error) ?? throw new CliException(error!, ExitCodes.Invalid);

    private static string Name(PipelineVersions versions, PipelineVersionRecord v) =>
        string.Create(CultureInfo.InvariantCulture, $"{versions.PipelineId} version {versions.NumberOf(v)} ({v.Hash[..12]}, {v.CreatedAt:u})");

    /// <summary>The hash of what the newest version's file holds now, or null when it is gone or does not load.</summary>
    private static string? ActiveHash(Stores.SluiceStore store, PipelineVersions versions)
    {
        if (versions.NewestFirst.Count == 0 || versions.NewestFirst[0].SourcePath is not { } path || !File.Exists(path))
        {
            return null;
        }
        var loaded = PipelineLoader.LoadFile(path, CommonOptions.Actions(store));
        return loaded.Success ? loaded.ContentHash : null;
    }
}
