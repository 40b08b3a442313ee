using System.CommandLine;
using System.Text.Json;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.Expressions;

namespace Sluice.Cli;

/// <summary><c>--input k=v</c> (repeatable) and <c>--inputs-file</c> (JSON or YAML map).</summary>
internal static class InputOptions
{
    public static Option<string[]> Input() => new("--input", "-i")
    {
        Description = "Set an input: NAME=VALUE (repeatable). Lists: a,b,c or a JSON array.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string> InputsFile() => new("--inputs-file") { Description = "A JSON or YAML file with a map of inputs." };

    public static Option<bool> StrictInputs() => new("--strict-inputs")
    {
        Description = "Refuse inputs the pipeline does not declare. Without it they are passed on with a warning.",
    };

    /// <summary>
    /// Binds the given inputs: invalid values are an error (exit 2); an input the pipeline does not declare is a
    /// warning with a "did you mean", or an error under <c>--strict-inputs</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Bind(PipelineDefinition definition, Dictionary<string, object?> given, bool strict)
    {
        var inputs = InputBinder.Bind(definition, given, out var errors);
        var undeclared = InputBinder.Undeclared(definition, given.Keys);
        if (strict && undeclared.Count > 0)
        {
            errors = [.. errors, .. undeclared.Select(static m => m + "; --strict-inputs refuses it")];
        }
        if (errors.Count > 0)
        {
            throw new CliException(string.Join("\n", errors));
        }
        foreach (var message in undeclared)
        {
            Output.Terminal.Warning(message + "; it is passed on as given (--strict-inputs refuses it)");
        }
        return FromCurrentDirectory(definition, given, inputs);
    }

    /// <summary>
    /// A <c>path</c> input given here is the user's, typed in the current directory: it is made absolute now, so that the
    /// run does not read it against the pipeline file's folder as it does the paths written in the file.
    /// </summary>
    private static Dictionary<string, object?> FromCurrentDirectory(PipelineDefinition definition, Dictionary<string, object?> given, IReadOnlyDictionary<string, object?> inputs)
    {
        var result = new Dictionary<string, object?>(inputs, StringComparer.Ordinal);
        foreach (var input in definition.Inputs)
        {
            if (input.Type == InputType.Path && given.ContainsKey(input.Name) && result[input.Name] is string { Length: > 0 } path
                && !Sluice.Files.FileStorage.IsRemote(path) && !Path.IsPathRooted(path))
            {
                result[input.Name] = Path.GetFullPath(path);
            }
        }
        return result;
    }

    public static Dictionary<string, object?> Collect(string[]? pairs, string? file)
    {
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (file is not null)
        {
            foreach (var (k, v) in ReadFile(file))
            {
                given[k] = v;
            }
        }
        foreach (var pair in pairs ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliException($"--input '{pair}' must be NAME=VALUE");
            }
            given[pair[..eq].Trim()] = pair[(eq + 1)..];
        }
        return given;
    }

    private static IReadOnlyDictionary<string, object?> ReadFile(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot read inputs file '{file}': {ex.Message}");
        }
        try
        {
            if (text.TrimStart().StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(text);
                return ExprValues.FromJson(doc.RootElement) as IReadOnlyDictionary<string, object?>
                    ?? throw new CliException($"inputs file '{file}' must hold a map");
            }
            return Definition.Yaml.YamlValues.ReadMap(text, file);
        }
        catch (Sluice.Diagnostics.SluiceException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (JsonException ex)
        {
            throw new CliException($"{file}:{ex.LineNumber + 1}:{ex.BytePositionInLine + 1}: invalid JSON: {ex.Message}");
        }
    }
}
