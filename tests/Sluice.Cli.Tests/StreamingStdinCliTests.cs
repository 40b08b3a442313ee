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

    public void Dispose() => _dir.Dispose();
}
