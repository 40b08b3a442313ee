using System.CommandLine;
using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice validate FILE...</c>: every problem in every file, with file:line:col; exit code 2 if any error.</summary>
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
            var failed = false;
            var all = new List<(string File, LoadResult Result)>();
            foreach (var f in parse.GetValue(files)!)
            {
                var result = PipelineLoader.LoadFile(f, actions);
                all.Add((f, result));
                failed |= !result.Success;
                if (!parse.GetValue(json))
                {
                    DiagnosticPrinter.Print(result.Diagnostics);
                    if (result.Success)
                    {
                        Terminal.Out.MarkupLine($"[green]ok[/] {Spectre.Console.Markup.Escape(f)}: {result.Definition!.Tasks.Count} task(s), version {result.ContentHash[..12]}");
                    }
                }
            }
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(all.Select(static a => new
                {
                    file = a.File,
                    valid = a.Result.Success,
                    version = a.Result.Success ? a.Result.ContentHash : null,
                    diagnostics = a.Result.Diagnostics.Select(static d => new
                    {
                        severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
                        code = d.Code,
                        message = d.Message,
                        file = d.Location.File,
                        line = d.Location.Line,
                        column = d.Location.Column,
                        hint = d.Hint,
                    }),
                })));
            }
            return failed ? ExitCodes.Invalid : ExitCodes.Success;
        });
        return cmd;
    }
}
