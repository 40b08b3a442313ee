using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Actions.BuiltIn.SubPipeline;

public sealed partial class PipelineAction : IValidatesParameters
{
    /// <summary>
    /// When <c>path</c> is literal (and the parent is a file on disk, the base of a relative path): the child loads
    /// without errors, does not lead back to a pipeline being loaded (recursion), and the literal <c>inputs</c> match
    /// the inputs it declares.
    /// </summary>
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        if (parameters.GetValueOrDefault("path") is not string path || path.Length == 0 || Template.ContainsTemplate(path))
        {
            return [];
        }
        var at = locate("path");
        var parentFile = at.File;
        if (!Path.IsPathRooted(path) && !ChildPipelineFile.HasFile(parentFile))
        {
            return []; // Loaded from text with no file behind it: nothing to resolve the path against until it runs.
        }
        var childFile = ChildPipelineFile.Resolve(path, parentFile);
        if (!File.Exists(childFile))
        {
            return [new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.NotAPipeline, $"the child pipeline '{path}' does not exist ({childFile})", at,
                "the path is relative to the folder of this pipeline's file")];
        }
        var loaded = ChildPipelineFile.LoadNested(parentFile, childFile, _actions, out var recursion);
        if (recursion is not null)
        {
            var chain = string.Join(" → ", recursion.Select(Path.GetFileName));
            return [new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.Cycle, $"pipeline recursion: {chain}", at,
                "a pipeline cannot run itself, directly or through other pipelines")];
        }
        if (!loaded!.Success)
        {
            var errors = loaded.Errors.ToList();
            var code = errors.Any(static e => e.Code == DiagnosticCodes.Cycle && e.Message.StartsWith("pipeline recursion", StringComparison.Ordinal))
                ? DiagnosticCodes.Cycle
                : DiagnosticCodes.NotAPipeline;
            return [new Diagnostic(DiagnosticSeverity.Error, code, $"the child pipeline '{path}' does not load ({errors.Count} error(s)): {PipelineAction.Brief(errors[0])}", at,
                "run 'sluice validate' on the child file for every problem")];
        }
        return ChildInputs.Check(loaded.Definition!, path, parameters.GetValueOrDefault("inputs"), parameters.ContainsKey("inputs"), locate);
    }
}
