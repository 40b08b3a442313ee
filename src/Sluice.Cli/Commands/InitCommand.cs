using System.CommandLine;
using Sluice.Cli.Init;
using Sluice.Cli.Output;
using Sluice.Definition.Schema;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice init [DIR]</c>: a new project that <c>sluice run pipeline.yaml</c> runs as it is.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "The project folder (created if missing). The default is the current folder.", DefaultValueFactory = _ => ".", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("init", "Create a project: a pipeline with sample data, editor settings and a .gitignore.") { dir };
        cmd.SetAction(parse =>
        {
            var root = Path.GetFullPath(parse.GetValue(dir)!);
            var existing = ProjectTemplate.Files(string.Empty).Select(f => f.Path).Where(p => File.Exists(Path.Combine(root, p))).ToList();
            if (existing.Count > 0)
            {
                throw new CliException($"{root} already has {string.Join(", ", existing)}; nothing was written. Choose an empty or new folder: sluice init DIR", ExitCodes.Invalid);
            }
            foreach (var (path, content) in ProjectTemplate.Files(PipelineJsonSchema.Generate(CommonOptions.Actions())))
            {
                var full = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }
            var cd = Path.GetRelativePath(Directory.GetCurrentDirectory(), root) is "." ? "" : $"cd {Path.GetRelativePath(Directory.GetCurrentDirectory(), root)} && ";
            Terminal.Note($"created a project in {root}");
            Console.Out.WriteLine($"next: {cd}sluice run {ProjectTemplate.PipelineFile}");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
