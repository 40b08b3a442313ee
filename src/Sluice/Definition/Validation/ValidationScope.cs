using Sluice.Actions;
using Sluice.Diagnostics;

namespace Sluice.Definition.Validation;

/// <summary>What one validation pass works on: the definition, the actions it may name, and the diagnostics found.</summary>
internal sealed class ValidationScope(PipelineDefinition definition, ActionRegistry actions)
{
    public PipelineDefinition Definition { get; } = definition;

    public DiagnosticBag Bag { get; } = new();

    /// <summary>True for definitions read from a file; the loader has then reported missing ids and actions already.</summary>
    public bool FromFile => !Definition.Source.IsEmpty;

    /// <summary>The action named <paramref name="name"/>: inline delegates first, then the registry.</summary>
    public IAction? FindAction(string name) =>
        Definition.InlineActions.TryGetValue(name, out var inline) ? inline : actions.Find(name);

    /// <summary>Every action name a task may use, for "did you mean" hints.</summary>
    public IReadOnlyCollection<string> ActionNames => [.. actions.Names.Concat(Definition.InlineActions.Keys).Distinct(StringComparer.Ordinal)];

    /// <summary>Where <paramref name="path"/> is; for C# definitions, the task (<c>&lt;code&gt;:extract</c>).</summary>
    public SourceLocation At(string path, string? taskId = null)
    {
        if (FromFile)
        {
            return Definition.Source[path];
        }
        return new SourceLocation(taskId is null ? Definition.Source.File : $"{Definition.Source.File}:{taskId}", 0, 0);
    }

    /// <summary>Where the key of <paramref name="path"/> is (falls back to the value).</summary>
    public SourceLocation KeyAt(string path, string? taskId = null) =>
        FromFile && Definition.Source.TryGetExact(path + "#key", out var loc) ? loc : At(path, taskId);

    /// <summary>Where the first character of the text at <paramref name="path"/> is (after an opening quote).</summary>
    public SourceLocation TextAt(string path, string? taskId = null) =>
        FromFile && Definition.Source.TryGetExact(path + "#value", out var loc) ? loc : At(path, taskId);

    public static string TaskPath(int index) => $"tasks[{index}]";
}
