using System.Text;
using Sluice.Definition;

namespace Sluice.Cli.Graph;

/// <summary>Renders a pipeline's DAG as Mermaid or Graphviz DOT text.</summary>
internal static class GraphWriter
{
    public static string Mermaid(PipelineDefinition p)
    {
        var sb = new StringBuilder("flowchart TD\n");
        foreach (var t in p.Tasks)
        {
            var label = Label(t).Replace("\"", "#quot;", StringComparison.Ordinal);
            sb.Append("    ").Append(t.Id).Append(t.ForEach is null ? "[\"" : "[[\"").Append(label).Append(t.ForEach is null ? "\"]" : "\"]]").Append('\n');
        }
        foreach (var t in p.Tasks)
        {
            foreach (var d in t.Dependencies)
            {
                sb.Append("    ").Append(d).Append(" --> ").Append(t.Id).Append('\n');
            }
        }
        return sb.ToString();
    }

    public static string Dot(PipelineDefinition p)
    {
        var sb = new StringBuilder();
        sb.Append("digraph \"").Append(Escape(p.Id)).Append("\" {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n");
        foreach (var t in p.Tasks)
        {
            sb.Append("    \"").Append(Escape(t.Id)).Append("\" [label=\"").Append(Escape(Label(t))).Append('"');
            if (t.ForEach is not null)
            {
                sb.Append(", peripheries=2");
            }
            sb.Append("];\n");
        }
        foreach (var t in p.Tasks)
        {
            foreach (var d in t.Dependencies)
            {
                sb.Append("    \"").Append(Escape(d)).Append("\" -> \"").Append(Escape(t.Id)).Append("\";\n");
            }
        }
        return sb.Append("}\n").ToString();
    }

    private static string Label(TaskDefinition t)
    {
        var name = t.Name ?? t.Id;
        var extra = t.ForEach is not null ? " (for_each)" : "";
        return $"{name}\n{t.Action}{extra}".Replace("\n", "<br/>", StringComparison.Ordinal);
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("<br/>", "\\n", StringComparison.Ordinal);
}
