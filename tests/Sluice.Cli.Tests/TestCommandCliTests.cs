using System.Xml.Linq;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice test</c> as a user runs it: a child <c>sluice</c> process in a project folder.</summary>
public sealed class TestCommandCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Init_ThenTest_InTheNewFolder_Passes()
    {
        (await SluiceCli.RunAsync(_dir.Path, "init", "proj")).ExitCode.ShouldBe(0);
        var proj = _dir.File("proj");

        var test = await SluiceCli.RunAsync(proj, "test");

        test.ExitCode.ShouldBe(0, test.ToString());
        test.Stdout.ShouldContain("PASS sums sales per region");
        test.Stdout.ShouldContain("2 passed, 0 failed");
        // The test ran in its own folder: the project has no store and no output of its own.
        Directory.Exists(Path.Combine(proj, ".sluice")).ShouldBeFalse();
        Directory.Exists(Path.Combine(proj, "out")).ShouldBeFalse();
    }

    [Fact]
    public async Task WrongRows_Fail_WithARowDiff_AndJUnitCounts()
    {
        (await SluiceCli.RunAsync(_dir.Path, "init", "proj")).ExitCode.ShouldBe(0);
        var proj = _dir.File("proj");
        await File.WriteAllTextAsync(Path.Combine(proj, "pipeline.test.yaml"), """
            tests:
              - name: right
                files:
                  data/sales.csv: "order_id,region,product,amount\n1,north,widget,12.50\n"
                expect:
                  result: {regions: 1}
              - name: wrong
                files:
                  data/sales.csv: "order_id,region,product,amount\n1,north,widget,12.50\n2,east,gizmo,7.25\n"
                expect:
                  outputs:
                    summarize.transformed_data:
                      - {region: east, revenue: 7.25}
                      - {region: north, revenue: 99}
                  tasks: {export: failed}
            """);

        var test = await SluiceCli.RunAsync(proj, "test", "pipeline.yaml", "--junit", "reports/junit.xml");

        test.ExitCode.ShouldBe(1, test.ToString());
        test.Stdout.ShouldContain("PASS right");
        test.Stdout.ShouldContain("FAIL wrong");
        test.Stdout.ShouldContain("pipeline.test.yaml:13:11: summarize.transformed_data: rows differ");
        test.Stdout.ShouldContain("~ row 2: revenue: expected 99, got 12.5");
        test.Stdout.ShouldContain("pipeline.test.yaml:15:23: task export is succeeded, expected failed");
        test.Stdout.ShouldContain("1 passed, 1 failed");

        var junit = XDocument.Load(Path.Combine(proj, "reports", "junit.xml"));
        junit.Root!.Name.LocalName.ShouldBe("testsuites");
        junit.Root.Attribute("tests")!.Value.ShouldBe("2");
        junit.Root.Attribute("failures")!.Value.ShouldBe("1");
        var cases = junit.Descendants("testcase").ToList();
        cases.Select(static c => c.Attribute("name")!.Value).ShouldBe(["right", "wrong"]);
        cases[0].Element("failure").ShouldBeNull();
        cases[1].Element("failure")!.Value.ShouldContain("rows differ");
    }

    [Fact]
    public async Task MockedTasks_MockedHttp_FixedClock_AndLogicalDate()
    {
        await File.WriteAllTextAsync(_dir.File("api.yaml"), """
            id: api_check
            tasks:
              - id: fetch
                action: http_request
                parameters: {url: "https://api.example.invalid/items?page=1"}
                outputs: [status, body]
              - id: deploy
                action: shell
                parameters: {command: "exit 3"}
                dependencies: [fetch]
                outputs: [exit_code, stdout]
            result:
              count: "{{ fetch.body.count }}"
              deployed: "{{ deploy.stdout }}"
              started: "{{ run.started_at }}"
              logical: "{{ run.logical_date }}"
            """);
        await File.WriteAllTextAsync(_dir.File("api.test.yaml"), """
            tests:
              - name: counts the items
                now: 2030-01-02T03:04:05Z
                logical_date: 2030-01-01
                http:
                  - {url: "https://api.example.invalid/items*", body: '{"count": 7}'}
                mocks:
                  deploy: {outputs: {exit_code: 0, stdout: done}}
                expect:
                  tasks: {fetch: succeeded, deploy: succeeded}
                  outputs:
                    fetch.status: 200
                  result: {count: 7, deployed: done, logical: "2030-01-01T00:00:00.0000000+00:00"}
              - name: a failing mock fails the run
                http:
                  - {url: "https://api.example.invalid/items*", status: 200, body: '{"count": 1}'}
                mocks:
                  deploy: {error: deploy refused}
                expect:
                  state: failed
                  error: deploy refused
                  tasks: {deploy: failed}
              - name: an unmocked request fails instead of reaching the network
                http:
                  - {url: "https://other.example.invalid/"}
                expect:
                  state: failed
                  error: no mocked HTTP response for GET https://api.example.invalid/items?page=1
            """);

        var test = await SluiceCli.RunAsync(_dir.Path, "test", "api.test.yaml");

        test.ExitCode.ShouldBe(0, test.ToString());
        test.Stdout.ShouldContain("3 passed, 0 failed");
    }

    [Fact]
    public async Task BadTestFile_IsLocated_AndExits2()
    {
        (await SluiceCli.RunAsync(_dir.Path, "init", "proj")).ExitCode.ShouldBe(0);
        var proj = _dir.File("proj");
        await File.WriteAllTextAsync(Path.Combine(proj, "pipeline.test.yaml"), """
            tests:
              - name: typo
                expct: {}
                mocks:
                  ingset: {outputs: {}}
                expect:
                  state: finished
            """);

        var test = await SluiceCli.RunAsync(proj, "test", "--junit", "junit.xml");

        test.ExitCode.ShouldBe(2, test.ToString());
        test.StderrText.ShouldContain("pipeline.test.yaml:3:5: error SLT001: unknown key 'expct' in a test");
        test.StderrText.ShouldContain("did you mean 'expect'?");
        test.StderrText.ShouldContain("pipeline.test.yaml:5:7: error SLT001: the pipeline has no task 'ingset'");
        test.StderrText.ShouldContain("did you mean 'ingest'?");
        test.StderrText.ShouldContain("pipeline.test.yaml:7:14: error SLT001: 'finished' is not a run state");
        XDocument.Load(Path.Combine(proj, "junit.xml")).Root!.Attribute("errors")!.Value.ShouldBe("1");
    }

    public void Dispose() => _dir.Dispose();
}
