using Sluice.Cli.Tests.Testing;
using Sluice.Streaming.Tests.Sources;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice run</c> reads a stream from its standard input (NDJSON, and CSV with a header line) until the pipe closes;
/// the windowed counts must equal the batch counts.
/// </summary>
public sealed class StreamingStdinCliTests : IDisposable
{
    private const int Events = 77;
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("ndjson")]
    [InlineData("csv")]
    public async Task Stdin_UntilEof_ReachesWindowedAggregate(string format)
    {
        File.WriteAllText(_dir.File("stdin.yaml"), KeyedEvents.Pipeline($"{{type: stdin, format: {format}}}", _dir.File("counts.csv")));
        var input = format == "csv"
            ? ["id,k,t", .. Enumerable.Range(0, Events).Select(static i => $"{i},{"abc"[i % 3]},{i * 1000L}")]
            : KeyedEvents.Lines(Events);
        var psi = SluiceCli.StartInfo(_dir.Path, "run", "stdin.yaml");
        psi.RedirectStandardInput = true;
        using var run = new RunningCli(System.Diagnostics.Process.Start(psi)!);

        foreach (var line in input)
        {
            await run.Process.StandardInput.WriteLineAsync(line);
        }

        run.Process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await run.Process.WaitForExitAsync(timeout.Token);

        run.Process.ExitCode.ShouldBe(0, run.Stderr);
        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(KeyedEvents.Counts(Events));
    }

    [Fact]
    public async Task Resume_AfterSigkill_WithTheSameInput_SkipsWhatTheCheckpointRead()
    {
        const int Many = 2000;
        File.WriteAllText(_dir.File("stdin.yaml"), KeyedEvents.Pipeline("{type: stdin, batch_size: 20, max_events_per_second: 800}", _dir.File("counts.csv"), checkpoint: "100ms"));
        File.WriteAllLines(_dir.File("events.ndjson"), KeyedEvents.Lines(Many));
        var parts = _dir.File("counts.csv.parts");

        var psi = SluiceCli.StartInfo(_dir.Path, "run", "stdin.yaml");
        psi.RedirectStandardInput = true;
        using (var run = new RunningCli(System.Diagnostics.Process.Start(psi)!))
        {
            var feed = FeedAsync(run.Process);
            await run.KillAfterPublishedPartsAsync(parts);
            try
            {
                await feed;
            }
            catch (IOException)
            {
                // The pipe broke with the kill before all of the input was written.
            }
        }

        File.Exists(_dir.File("counts.csv")).ShouldBeFalse("the kill must land before the input ended");
        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");
        var id = System.Text.Json.JsonDocument.Parse(runs.Stdout).RootElement[0].GetProperty("run_id").GetString()!;
        var resumeInfo = SluiceCli.StartInfo(_dir.Path, "resume", id);
        resumeInfo.RedirectStandardInput = true;
        using var resume = new RunningCli(System.Diagnostics.Process.Start(resumeInfo)!);

        await FeedAsync(resume.Process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await resume.Process.WaitForExitAsync(timeout.Token);

        resume.Process.ExitCode.ShouldBe(0, resume.Stderr);
        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(KeyedEvents.Counts(Many));
        resume.Stderr.ShouldNotContain("rejected");

        async Task FeedAsync(System.Diagnostics.Process process)
        {
            await using var input = File.OpenRead(_dir.File("events.ndjson"));
            await input.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        }
    }

    public void Dispose() => _dir.Dispose();
}
