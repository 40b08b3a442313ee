using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Sluice.Tests.Fuzz;

/// <summary>
/// Generators of broken text: a seed from a corpus with a few random edits (deletions, insertions of tokens that matter
/// to the format, duplicated and swapped regions, re-indented lines, truncation, random characters), and random bytes.
/// </summary>
/// <remarks>Linked into Sluice.Data.Tests as well; it depends only on FsCheck and the BCL.</remarks>
internal static class Mutations
{
    /// <summary>Characters that upset parsers: controls, a BOM, separators, a lone surrogate, wide and combining characters.</summary>
    private static readonly string[] OddCharacters =
    [
        "\0", "\t", "\r", "\n", "\r\n", "\u001b", "\u007f", "\uFEFF", "\u2028", "\u0085", "\uD800", "\uDC00", "\u00e9", "\u0301",
        "\U0001F600", "\\", "\"", "'", "#", "%", "&", "*", "!", "|", ">", "{", "}", "[", "]", ",", ":", "-", "?", "@", "`",
    ];

    /// <summary><paramref name="seeds"/>, each edited 1 to <paramref name="maxEdits"/> times with <paramref name="tokens"/> among the insertions.</summary>
    public static Gen<string> Of(IReadOnlyList<string> seeds, IReadOnlyList<string> tokens, int maxEdits = 6) =>
        from seed in Gen.Elements(seeds.ToArray())
        from count in Gen.Choose(1, maxEdits)
        from edits in Gen.ArrayOf(Edit(tokens), count)
        select edits.Aggregate(seed, static (text, edit) => edit(text));

    /// <summary>Up to <paramref name="maxLength"/> characters drawn from the whole range 0-255 plus the odd characters.</summary>
    public static Gen<string> RandomText(int maxLength) =>
        from length in Gen.Choose(0, maxLength)
        from parts in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0, 255).Select(static c => ((char)c).ToString())), (1, Gen.Elements(OddCharacters))), length)
        select string.Concat(parts);

    private static Gen<Func<string, string>> Edit(IReadOnlyList<string> tokens)
    {
        var position = Gen.Choose(0, 1_000_000);
        var token = Gen.Frequency((3, Gen.Elements(tokens.ToArray())), (1, Gen.Elements(OddCharacters)));
        return Gen.OneOf(
            from p in position
            from n in Gen.Choose(1, 40)
            select (Func<string, string>)(t => Delete(t, At(t, p), n)),
            from p in position
            from s in token
            select (Func<string, string>)(t => t.Insert(At(t, p), s)),
            from p in position
            from n in Gen.Choose(1, 300)
            from times in Gen.Choose(1, 8)
            select (Func<string, string>)(t => Repeat(t, At(t, p), n, times)),
            from p in position
            select (Func<string, string>)(t => t[..At(t, p)]),
            from p in position
            from c in Gen.Choose(0, 0xFFFF)
            select (Func<string, string>)(t => Replace(t, At(t, p), (char)c)),
            from a in position
            from b in position
            select (Func<string, string>)(t => SwapLines(t, a, b)),
            from a in position
            from delta in Gen.Choose(-4, 6)
            select (Func<string, string>)(t => Indent(t, a, delta)),
            from p in position
            from noise in RandomText(12)
            select (Func<string, string>)(t => t.Insert(At(t, p), noise)));
    }

    private static int At(string text, int position) => (int)((long)position * text.Length / 1_000_000);

    private static string Delete(string text, int at, int count) => text.Remove(at, Math.Min(count, text.Length - at));

    private static string Repeat(string text, int at, int count, int times)
    {
        var part = text.Substring(at, Math.Min(count, text.Length - at));
        var sb = new StringBuilder(text.Length + (part.Length * times));
        sb.Append(text, 0, at);
        for (var i = 0; i < times; i++)
        {
            sb.Append(part);
        }
        sb.Append(text, at, text.Length - at);
        return sb.ToString();
    }

    private static string Replace(string text, int at, char c) =>
        at >= text.Length ? text + c : string.Concat(text.AsSpan(0, at), c.ToString(), text.AsSpan(at + 1));

    private static string SwapLines(string text, int a, int b)
    {
        var lines = text.Split('\n');
        var i = At(lines.Length == 0 ? "" : new string(' ', lines.Length), a);
        var j = At(new string(' ', lines.Length), b);
        if (i >= lines.Length || j >= lines.Length)
        {
            return text;
        }
        (lines[i], lines[j]) = (lines[j], lines[i]);
        return string.Join('\n', lines);
    }

    private static string Indent(string text, int a, int delta)
    {
        var lines = text.Split('\n');
        var i = At(new string(' ', lines.Length), a);
        if (i >= lines.Length)
        {
            return text;
        }
        lines[i] = delta >= 0 ? new string(' ', delta) + lines[i] : lines[i][Math.Min(-delta, lines[i].Length - lines[i].TrimStart(' ').Length)..];
        return string.Join('\n', lines);
    }
}
