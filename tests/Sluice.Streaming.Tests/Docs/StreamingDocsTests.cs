using System.Text.RegularExpressions;
using Sluice.Definition.Yaml;
using Sluice.Hosting;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Tests.Nexmark;

namespace Sluice.Streaming.Tests.Docs;

/// <summary>
/// Every <c>```yaml</c> block of docs/streaming.md loads as a pipeline (the docs suite checks that too), and the
/// parameters of each of its <c>stream</c> tasks read into a stream definition — sources, windows, sinks — so the page
/// cannot show a source option the engine does not take.
/// </summary>
public sealed partial class StreamingDocsTests
{
    public static TheoryData<int> Blocks()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < YamlBlocks().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static List<string> YamlBlocks()
    {
        var page = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(NexmarkExampleTests.Example("q5.yaml")))!, "..", "docs", "streaming.md"));
        return [.. Fence().Matches(page).Select(static m => m.Groups["body"].Value)];
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void YamlBlock_StreamTasks_ReadIntoStreamDefinitions(int index)
    {
        var result = PipelineLoader.Load(YamlBlocks()[index], $"docs/streaming.md#{index + 1}", SluiceActions.Create());

        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        var streams = result.Definition!.Tasks.Where(static t => t.Action == "stream").ToList();
        streams.ShouldNotBeEmpty();
        foreach (var task in streams)
        {
            Should.NotThrow(() => new StreamSpecReader(task.Id).Read(task.Parameters), $"task {task.Id}");
        }
    }

    [GeneratedRegex(@"^```yaml\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
