using System.CommandLine;
using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.Expressions;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice actions [NAME]</c>: every action with its parameters and outputs.</summary>
internal static class ActionsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Only this action.", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json();
        var cmd = new Command("actions", "Describe the available actions and their parameters.") { name, json };
        cmd.SetAction(parse =>
        {
            var actions = CommonOptions.Actions().All.Select(static a => a.Descriptor).ToList();
            if (parse.GetValue(name) is { } only)
            {
                actions = [.. actions.Where(a => a.Name == only)];
                if (actions.Count == 0)
                {
                    throw new CliException($"no action named '{only}'; run 'sluice actions' for the list");
                }
            }
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(actions.Select(static a => new
                {
                    name = a.Name,
                    description = a.Description,
                    parameters = a.Parameters.Select(static p => new
                    {
                        name = p.Name, type = p.Type.ToString().ToLowerInvariant(), required = p.Required, description = p.Description,
                        @default = p.Default is null ? null : ExprValues.ToJsonText(p.Default),
                        allowed = p.AllowedValues?.Select(ExprValues.ToText), auto = p.SupportsAuto,
                    }),
                    outputs = a.Outputs.Select(static o => new { name = o.Name, description = o.Description }),
                })));
                return ExitCodes.Success;
            }
            foreach (var a in actions)
            {
                var o = Terminal.Out;
                o.MarkupLine($"[bold]{Markup.Escape(a.Name)}[/]  {Markup.Escape(a.Description)}");
                var t = new Table().AddColumns("parameter", "type", "required", "default", "allowed", "<AUTO>", "description");
                foreach (var p in a.Parameters)
                {
                    t.AddRow(Markup.Escape(p.Name), p.Type.ToString().ToLowerInvariant(), p.Required ? "yes" : "",
                        Markup.Escape(p.Default is null ? "" : ExprValues.ToJsonText(p.Default)),
                        Markup.Escape(p.AllowedValues is null ? "" : string.Join(", ", p.AllowedValues.Select(ExprValues.ToText))),
                        p.SupportsAuto ? "yes" : "", Markup.Escape(p.Description));
                }
                if (a.Parameters.Count > 0)
                {
                    o.Write(t);
                }
                if (a.Outputs.Count > 0)
                {
                    o.MarkupLine("  outputs: " + Markup.Escape(string.Join(", ", a.Outputs.Select(static x => $"{x.Name} ({x.Description})"))));
                }
                o.WriteLine();
            }
            return ExitCodes.Success;
        });
        return cmd;
    }
}
