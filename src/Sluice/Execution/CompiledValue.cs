using Sluice.Definition;
using Sluice.Expressions;

namespace Sluice.Execution;

/// <summary>A parameter value with its templates parsed once, rendered per task instance.</summary>
internal abstract class CompiledValue
{
    public abstract object? Render(IExpressionScope scope);

    /// <summary>True when rendering cannot depend on the scope.</summary>
    public virtual bool IsConstant => false;

    public static CompiledValue Compile(object? value, SourceMap source, string path) => value switch
    {
        string s when Template.ContainsTemplate(s) => new TemplateValue(Template.Parse(s, source[path])),
        IReadOnlyList<object?> list => CompileList(list, source, path),
        IReadOnlyDictionary<string, object?> map => CompileMap(map, source, path),
        _ => new ConstantValue(value),
    };

    private static CompiledValue CompileList(IReadOnlyList<object?> list, SourceMap source, string path)
    {
        var items = new CompiledValue[list.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Compile(list[i], source, $"{path}[{i}]");
        }
        return items.All(static i => i.IsConstant) ? new ConstantValue(list) : new ListValue(items);
    }

    private static CompiledValue CompileMap(IReadOnlyDictionary<string, object?> map, SourceMap source, string path)
    {
        var items = map.Select(kv => (kv.Key, Compile(kv.Value, source, $"{path}.{kv.Key}"))).ToArray();
        return items.All(static i => i.Item2.IsConstant) ? new ConstantValue(map) : new MapValue(items);
    }

    private sealed class ConstantValue(object? value) : CompiledValue
    {
        public override bool IsConstant => true;

        public override object? Render(IExpressionScope scope) => value;
    }

    private sealed class TemplateValue(Template template) : CompiledValue
    {
        public override object? Render(IExpressionScope scope) => template.Render(scope);
    }

    private sealed class ListValue(CompiledValue[] items) : CompiledValue
    {
        public override object? Render(IExpressionScope scope)
        {
            var result = new object?[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                result[i] = items[i].Render(scope);
            }
            return result;
        }
    }

    private sealed class MapValue((string Key, CompiledValue Value)[] items) : CompiledValue
    {
        public override object? Render(IExpressionScope scope)
        {
            var result = new Dictionary<string, object?>(items.Length, StringComparer.Ordinal);
            foreach (var (k, v) in items)
            {
                result[k] = v.Render(scope);
            }
            return result;
        }
    }
}
