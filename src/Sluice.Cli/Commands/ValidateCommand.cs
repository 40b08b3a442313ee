using System.CommandLine;
using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.DataActions.IO;
using Sluice.DataActions.Schemas;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice validate FILE...</c>: every problem in every file, with file:line:col; exit code 2 if any error. A file that
/// loads is then checked for columns and types along its data flow (<see cref="StaticSchemas"/>): unknown columns, type
/// errors and aggregates of non-numeric columns are errors; the tasks whose schemas are known only at run time are listed.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Pipeline YAML files.", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var cmd = new Command("validate", "Check pipeline files without running them.") { files, json };
        cmd.SetAction(parse =>
        {
            var actions = CommonOptions.Actions();
            var opener = new DatasetReader(new TableProviders());
            var failed = false;
            var all = new List<(string File, LoadResult Result, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<UncheckedTask> Unchecked)>();
            foreach (var f in parse.GetValue(files)!)
            {
                var result = PipelineLoader.LoadFile(f, actions);
                var schemas = result.Success ? StaticSchemas.Check(result.Definition!, actions, opener) : null;
                var diagnostics = schemas is null ? result.Diagnostics : [.. result.Diagnostics, .. schemas.Diagnostics];
                var valid = result.Success && !diagnostics.Any(static d => d.Severity == DiagnosticSeverity.Error);
                all.Add((f, result, diagnostics, schemas?.Unchecked ?? []));
                failed |= !valid;
                if (!parse.GetValue(json))
                {
                    DiagnosticPrinter.Print(diagnostics);
                    foreach (var u in schemas?.Unchecked ?? [])
                    {
                        Terminal.Out.MarkupLine($"[grey]not checked before the run: task '{Markup.Escape(u.TaskId)}': {Markup.Escape(u.Reason)} (checked when it starts)[/]");
                    }

                    if (valid)
                    {
                        Terminal.Out.MarkupLine($"[green]ok[/] {Markup.Escape(f)}: {result.Definition!.Tasks.Count} task(s), version {result.ContentHash[..12]}");
                    }
                }
            }
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(all.Select(static a =>
                {
                    var valid = a.Result.Success && !a.Diagnostics.Any(static d => d.Severity == DiagnosticSeverity.Error);
                    return new
                    {
                        file = a.File,
                        valid,
                        version = valid ? a.Result.ContentHash : null,
                        diagnostics = a.Diagnostics.Select(static d => new
                        {
                            severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
                            code = d.Code,
                            message = d.Message,
                            file = d.Location.File,
                            line = d.Location.Line,
                            column = d.Location.Column,
                            hint = d.Hint,
                        }),
                        @unchecked = a.Unchecked.Select(static u => new { task = u.TaskId, reason = u.Reason }),
                    };
                })));
            }
            return failed ? ExitCodes.Invalid : ExitCodes.Success;
        });
        return cmd;
    }
}
