using Sluice.Hosting.Library;
using Sluice.Streaming.Nexmark;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Nexmark;

/// <summary>
/// The Nexmark examples (<c>examples/nexmark/q5|q7|q8|q11.yaml</c>) run as pipelines on generated events that are
/// up to 3 s out of event-time order; each output must equal the batch reference computed over the same file.
/// </summary>
public sealed class NexmarkExampleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    internal static string Example(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "examples", "nexmark", name);
    }

    internal static string Generate(string path, long events, int seed = 7)
    {
        using var writer = new StreamWriter(path);
        new NexmarkGenerator(seed).Write(writer, events);
        return path;
    }

    [Theory]
    [InlineData("q5")]
    [InlineData("q7")]
    [InlineData("q8")]
    [InlineData("q11")]
    public async Task Query_OnDisorderedEvents_EqualsBatchReference(string query)
    {
        var events = Generate(_dir.File("events.ndjson"), 20_000);
        var outDir = Directory.CreateDirectory(_dir.File("out")).FullName;

        var result = await SluicePipelines.ExecuteAsync(Example(query + ".yaml"),
            new Dictionary<string, object?> { ["events"] = events, ["out_dir"] = outDir },
            new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, result.Outcome.Error);
        var expected = query switch
        {
            "q5" => NexmarkReference.Q5(events),
            "q7" => NexmarkReference.Q7(events),
            "q8" => NexmarkReference.Q8(events),
            _ => NexmarkReference.Q11(events),
        };
        expected.Count.ShouldBeGreaterThan(10, "the generated data must give the query something to find");
        File.ReadAllLines(Path.Combine(outDir, query + ".csv")).ShouldBe(expected);
    }

    public void Dispose() => _dir.Dispose();
}
