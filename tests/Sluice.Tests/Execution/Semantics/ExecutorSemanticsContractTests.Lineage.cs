using Sluice.Datasets;
using Sluice.Lineage;
using Sluice.State;

namespace Sluice.Tests.Execution.Semantics;

public abstract partial class ExecutorSemanticsContractTests
{
    [Fact]
    public async Task Lineage_DatasetsPassedBetweenTasks_AreRecordedWithTheSuccess_OnlyForTheAttemptThatSucceeded()
    {
        //  make (writes an artifact, fails once) → use (reads it)
        var dir = Path.Combine(Path.GetTempPath(), "sluice-lineage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "made.csv");
        await File.WriteAllTextAsync(file, "a\n1\n");
        var calls = 0;
        Register("make", (_, _) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("transient")
            : Outputs("data", new DatasetRef { Path = file, Format = "csv", Kind = "artifact", Rows = 1, Schema = [("a", "int64")] }));
        Register("use", (_, _) => NoOutputs());
        var definition = Load("""
            id: lineage
            tasks:
              - {id: make, action: make, retries: 1, retry_delay: 10ms, outputs: [data]}
              - {id: use, action: use, dependencies: [make], parameters: {input: "{{ make.data }}"}}
            """);

        var run = await Engine.RunAsync(definition);

        run.Run.State.ShouldBe(RunState.Succeeded);
        var lineage = await Engine.Store.GetLineageAsync(new LineageQuery(RunId: run.RunId));
        lineage.Select(l => (l.TaskId, l.Attempt, l.Direction, l.Dataset)).ShouldBe(
            [("make", 2, LineageDirection.Write, file), ("use", 1, LineageDirection.Read, file)], ignoreOrder: true);
        var written = lineage.Single(l => l.Direction == LineageDirection.Write);
        (written.Rows, written.Format, written.Kind).ShouldBe((1L, "csv", "artifact"));
        written.Schema.ShouldBe([("a", "int64")]);
        written.Fingerprint.ShouldBe("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
        Directory.Delete(dir, recursive: true);
    }
}
