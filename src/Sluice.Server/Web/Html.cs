using System.Globalization;
using System.Text;

namespace Sluice.Server.Web;

/// <summary>
/// Builds HTML text. Every dynamic value goes through <c>Text</c> or <see cref="Attr"/>, which
/// escape it; <see cref="Raw"/> is for the page's own markup only.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _sb;

    public Html(int capacity = 16 * 1024) => _sb = new StringBuilder(capacity);

    public Html Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    public Html Text(string? value)
    {
        if (value is not null)
        {
            Escape(_sb, value);
        }
        return this;
    }

    public Html Text(long value)
    {
        _sb.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Writes <c> name="value"</c> with the value escaped.</summary>
    public Html Attr(string name, string? value)
    {
        _sb.Append(' ').Append(name).Append("=\"");
        if (value is not null)
        {
            Escape(_sb, value);
        }
        _sb.Append('"');
        return this;
    }

    /// <summary>Writes a number attribute with invariant formatting and one decimal at most.</summary>
    public Html Num(string name, double value)
    {
        _sb.Append(' ').Append(name).Append("=\"").Append(Math.Round(value, 1).ToString(CultureInfo.InvariantCulture)).Append('"');
        return this;
    }

    /// <summary>Text cut to <paramref name="max"/> characters with an ellipsis, escaped.</summary>
    public Html Short(string? value, int max) => Text(Shorten(value, max));

    public static string Shorten(string? value, int max) =>
        value is null ? "" : value.Length <= max ? value : string.Concat(value.AsSpan(0, Math.Max(1, max - 1)), "…");

    public override string ToString() => _sb.ToString();

    public static void Escape(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }
    }
}
