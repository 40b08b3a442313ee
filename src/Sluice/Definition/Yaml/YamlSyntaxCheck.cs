using System.Globalization;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sluice.Definition.Yaml;

/// <summary>
/// First pass over the YAML events: reports syntax errors with the parser's position, every
/// duplicate mapping key, documents whose aliases expand beyond a bound (an "alias bomb": a few
/// hundred bytes of nested anchors that expand to billions of nodes) and aliases inside the node their
/// anchor names (a cycle, which YamlDotNet builds and every walk would follow forever) and nesting beyond
/// <see cref="MaxDepth"/>, so that the representation model
/// is only built from clean text that every later walk can expand safely.
/// </summary>
internal static class YamlSyntaxCheck
{
    /// <summary>The most nodes a document may expand to, counting each alias as a copy of its anchor. A large pipeline has a few thousand.</summary>
    public const long MaxExpandedNodes = 250_000;

    /// <summary>The most aliases a document may use.</summary>
    public const int MaxAliases = 10_000;

    /// <summary>
    /// The deepest nesting of lists and maps. A large pipeline nests about a dozen levels; every later walk of the tree
    /// (the model, merge keys, the parser, the canonical JSON hashed for the version) recurses once per level.
    /// </summary>
    public const int MaxDepth = 100;

    private sealed class Frame(bool isMapping, Mark start, bool isFlow, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;
        public Mark Start { get; } = start;
        public bool IsFlow { get; } = isFlow;
        public string? Anchor { get; } = anchor;
        public bool ExpectKey { get; set; } = true;
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        /// <summary>Nodes inside this collection, aliases expanded.</summary>
        public long Size { get; set; }

        /// <summary>Levels of lists and maps inside this collection, aliases expanded.</summary>
        public int Height { get; set; }
    }

    /// <summary>Counts nodes as expanded: each alias counts as the whole node its anchor names.</summary>
    private sealed class Expansion
    {
        private const long Incomplete = -1;

        private readonly Dictionary<string, long> _anchors = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _heights = new(StringComparer.Ordinal);

        public long Total { get; private set; }

        public int Aliases { get; private set; }

        public void Scalar(Stack<Frame> stack, AnchorName anchor)
        {
            Remember(anchor, 1);
            Add(stack, 1);
        }

        /// <summary>
        /// A collection with an anchor has started: until it ends, an alias of that anchor would be inside the node it
        /// names, a cycle that every later walk of the tree would follow forever.
        /// </summary>
        public void Open(string? anchor)
        {
            if (anchor is not null)
            {
                _anchors[anchor] = Incomplete;
            }
        }

        /// <summary>True when <paramref name="anchor"/> names a collection that is still open around the alias.</summary>
        public bool IsCycle(AnchorName anchor) => _anchors.TryGetValue(anchor.Value, out var size) && size == Incomplete;

        public void Alias(Stack<Frame> stack, AnchorName anchor)
        {
            Aliases++;
            Add(stack, _anchors.GetValueOrDefault(anchor.Value, 1));
            if (stack.TryPeek(out var parent))
            {
                parent.Height = Math.Max(parent.Height, HeightOf(anchor));
            }
        }

        /// <summary>The levels of lists and maps the node <paramref name="anchor"/> names holds, itself included.</summary>
        public int HeightOf(AnchorName anchor) => _heights.GetValueOrDefault(anchor.Value);

        public void End(Stack<Frame> stack, Frame closed)
        {
            var size = closed.Size + 1;
            var height = closed.Height + 1;
            if (closed.Anchor is { } a)
            {
                _anchors[a] = size;
                _heights[a] = height;
            }
            Add(stack, size);
            if (stack.TryPeek(out var parent))
            {
                parent.Height = Math.Max(parent.Height, height);
            }
        }

        private void Remember(AnchorName anchor, long size)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = size;
                _heights[anchor.Value] = 0;
            }
        }

        private void Add(Stack<Frame> stack, long size)
        {
            if (stack.TryPeek(out var parent))
            {
                parent.Size = SaturatingAdd(parent.Size, size);
            }
            else
            {
                Total = SaturatingAdd(Total, size);
            }
        }

        private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

        public bool TooBig(Stack<Frame> stack)
        {
            var open = Total;
            foreach (var f in stack)
            {
                open = SaturatingAdd(open, f.Size);
            }
            return open > MaxExpandedNodes || Aliases > MaxAliases;
        }
    }

    /// <summary>Returns true when the text parses and has no duplicate keys.</summary>
    public static bool Run(string text, string file, DiagnosticBag bag)
    {
        var stack = new Stack<Frame>();
        var expansion = new Expansion();
        var ok = true;
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                switch (ev)
                {
                    case Scalar s:
                        ok &= OnNode(stack, s.Value, s.Start, file, bag);
                        expansion.Scalar(stack, s.Anchor);
                        break;
                    case AnchorAlias a:
                        ok &= OnNode(stack, null, a.Start, file, bag);
                        if (expansion.IsCycle(a.Value))
                        {
                            bag.Error(DiagnosticCodes.YamlSyntax, At(file, a.Start),
                                $"invalid YAML: the alias '*{a.Value}' is inside the node its anchor '&{a.Value}' names, so that node would contain itself",
                                "an alias repeats a node that is complete: put the anchor on a value that ends before the alias");
                            return false;
                        }
                        if (stack.Count + expansion.HeightOf(a.Value) > MaxDepth)
                        {
                            TooDeep(file, a.Start, bag);
                            return false;
                        }
                        expansion.Alias(stack, a.Value);
                        if (expansion.TooBig(stack))
                        {
                            bag.Error(DiagnosticCodes.YamlSyntax, At(file, a.Start),
                                string.Create(CultureInfo.InvariantCulture, $"invalid YAML: aliases expand this document beyond {MaxExpandedNodes:N0} nodes or {MaxAliases:N0} aliases (alias '*{a.Value}' here)"),
                                "a pipeline never needs this many copies: write the repeated part once (defaults:, context:) or use fewer nested aliases");
                            return false;
                        }
                        break;
                    case SequenceStart ss:
                        ok &= OnNode(stack, null, ss.Start, file, bag);
                        if (stack.Count >= MaxDepth)
                        {
                            TooDeep(file, ss.Start, bag);
                            return false;
                        }
                        stack.Push(new Frame(false, ss.Start, ss.Style == YamlDotNet.Core.Events.SequenceStyle.Flow, ss.Anchor.IsEmpty ? null : ss.Anchor.Value));
                        expansion.Open(stack.Peek().Anchor);
                        break;
                    case MappingStart ms:
                        ok &= OnNode(stack, null, ms.Start, file, bag);
                        if (stack.Count >= MaxDepth)
                        {
                            TooDeep(file, ms.Start, bag);
                            return false;
                        }
                        stack.Push(new Frame(true, ms.Start, ms.Style == YamlDotNet.Core.Events.MappingStyle.Flow, ms.Anchor.IsEmpty ? null : ms.Anchor.Value));
                        expansion.Open(stack.Peek().Anchor);
                        break;
                    case MappingEnd when !stack.Peek().ExpectKey:
                        // YamlDotNet's parser drops the value of a block mapping that starts with ':' ("- : x"), so the
                        // mapping ends after a key; its representation model then fails with an ArgumentException.
                        bag.Error(DiagnosticCodes.YamlSyntax, At(file, stack.Peek().Start), "invalid YAML: this mapping has a key without a value",
                            "write 'key: value'; a line that starts with ':' has no key");
                        return false;
                    case SequenceEnd or MappingEnd:
                        expansion.End(stack, stack.Pop());
                        break;
                    case DocumentEnd:
                        stack.Clear();
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            bag.Error(DiagnosticCodes.YamlSyntax, Locate(text, file, e), $"invalid YAML: {Describe(e.Message)}", HintFor(e.Message));
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner sometimes fails without a position (an unclosed flow '[' followed by
            // more lines); the innermost open flow collection is then the best place to point at.
            var open = stack.FirstOrDefault(static f => f.IsFlow);
            var mark = open?.Start ?? parser.Current?.Start ?? Mark.Empty;
            var what = open is null ? "the document could not be parsed" : $"the '{(open.IsMapping ? '{' : '[')}' opened here is never closed";
            bag.Error(DiagnosticCodes.YamlSyntax, At(file, mark), $"invalid YAML: {what}", "close every '[' with ']' and every '{' with '}', or use block style");
            return false;
        }
        return ok;
    }

    private static void TooDeep(string file, Mark start, DiagnosticBag bag) =>
        bag.Error(DiagnosticCodes.YamlSyntax, At(file, start),
            string.Create(CultureInfo.InvariantCulture, $"invalid YAML: lists and maps are nested more than {MaxDepth} levels deep here (aliases counted as copies)"),
            "a pipeline never needs this depth: flatten the value, or read it from a file at run time");

    private static bool OnNode(Stack<Frame> stack, string? scalarKey, Mark start, string file, DiagnosticBag bag)
    {
        if (stack.Count == 0 || !stack.Peek().IsMapping)
        {
            return true;
        }
        var frame = stack.Peek();
        var isKey = frame.ExpectKey;
        frame.ExpectKey = !frame.ExpectKey;
        if (isKey && scalarKey is not null && !frame.Keys.Add(scalarKey))
        {
            bag.Error(DiagnosticCodes.DuplicateKey, At(file, start), $"the key '{scalarKey}' appears twice in the same mapping", "remove or rename one of them; YAML keeps only one value per key");
            return false;
        }
        return true;
    }

    private static SourceLocation Locate(string text, string file, YamlException e)
    {
        if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            // The scanner reports the start of the enclosing mapping; the tab itself is more useful.
            var lines = text.Split('\n');
            for (var i = Math.Max(0, (int)e.Start.Line - 1); i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
                if (tab >= 0 && tab < Math.Max(indent, 1) + 1)
                {
                    return new SourceLocation(file, i + 1, tab + 1);
                }
            }
        }
        return At(file, e.Start);
    }

    private static string Describe(string message)
    {
        var m = message.TrimEnd('.');
        return m.Length > 0 ? char.ToLowerInvariant(m[0]) + m[1..] : "the document could not be parsed";
    }

    private static string HintFor(string message)
    {
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            return "YAML indentation must use spaces, not tabs";
        }
        if (message.Contains("quoted scalar", StringComparison.OrdinalIgnoreCase))
        {
            return "close the quoted string with the same quote it opens with";
        }
        if (message.Contains("flow", StringComparison.OrdinalIgnoreCase))
        {
            return "close every '[' with ']' and every '{' with '}'";
        }
        return "check the indentation: keys of one mapping must start in the same column";
    }

    /// <summary>
    /// Checks <paramref name="text"/> (<see cref="Run"/>) and builds its representation model; null, with the problem
    /// in <paramref name="bag"/> at its position, when the text is not clean YAML. Every YAML file Sluice reads as
    /// configuration goes through here, so each gets the same protections and messages.
    /// </summary>
    internal static YamlDotNet.RepresentationModel.YamlStream? Load(string text, string file, DiagnosticBag bag)
    {
        if (!Run(text, file, bag))
        {
            return null;
        }
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        try
        {
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (YamlException e)
        {
            bag.Error(DiagnosticCodes.YamlSyntax, At(file, e.Start), $"invalid YAML: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The representation model refuses an event order its own parser produced (Run reports the cases known so
            // far with their position); the file is still the user's mistake, not Sluice's.
            bag.Error(DiagnosticCodes.YamlSyntax, new SourceLocation(file, 1, 1), "invalid YAML: the document could not be read",
                "check the indentation and that every key has a value; quote values that start with a YAML indicator (: - ? [ { & * ! | > ' \" % @)");
            return null;
        }
    }

    internal static SourceLocation At(string file, Mark mark) => new(file, (int)mark.Line, (int)mark.Column);
}
