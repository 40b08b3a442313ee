using System.Globalization;
using System.Text;

namespace Sluice.Server.Metrics;

/// <summary>Writes the Prometheus text exposition format (version 0.0.4): HELP/TYPE lines, escaped label values.</summary>
internal sealed class PrometheusText
{
    private readonly StringBuilder _out = new(4096);

    public void Header(string name, string type, string help)
    {
        _out.Append("# HELP ").Append(name).Append(' ');
        // HELP text escapes only backslash and newline; label values also escape the double quote.
        AppendEscaped(help, quotes: false);
        _out.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    public void Sample(string name, ReadOnlySpan<(string Name, string Value)> labels, double value)
    {
        _out.Append(name);
        if (labels.Length > 0)
        {
            _out.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    _out.Append(',');
                }
                _out.Append(labels[i].Name).Append("=\"");
                AppendEscaped(labels[i].Value, quotes: true);
                _out.Append('"');
            }
            _out.Append('}');
        }
        _out.Append(' ').Append(Format(value)).Append('\n');
    }

    public override string ToString() => _out.ToString();

    public static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private void AppendEscaped(string text, bool quotes)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': _out.Append("\\\\"); break;
                case '\n': _out.Append("\\n"); break;
                case '"' when quotes: _out.Append("\\\""); break;
                default: _out.Append(c); break;
            }
        }
    }
}
