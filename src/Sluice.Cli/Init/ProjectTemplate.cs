using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Cli.Init;

/// <summary>
/// The files of a new project (<c>sluice init</c>): a pipeline that runs as it is on its sample data, the editor
/// settings that give pipeline files completion and checks from <c>sluice schema</c>, and a <c>.gitignore</c>.
/// </summary>
internal static class ProjectTemplate
{
    /// <summary>The file that marks a folder as already set up; <c>init</c> never overwrites it.</summary>
    public const string PipelineFile = "pipeline.yaml";

    /// <summary>The pipeline's tests, run by <c>sluice test</c>.</summary>
    public const string TestFile = "pipeline.test.yaml";

    /// <summary>Where the JSON Schema is written, relative to the project.</summary>
    public const string SchemaFile = ".vscode/sluice.schema.json";

    /// <summary>Path (with <c>/</c>) and content of every file, given the JSON Schema text.</summary>
    public static IReadOnlyList<(string Path, string Content)> Files(string schema) =>
    [
        (PipelineFile, Pipeline),
        (TestFile, Test),
        ("data/sales.csv", Sales),
        (".gitignore", GitIgnore),
        (".vscode/settings.json", Settings()),
        (SchemaFile, schema),
        ("README.md", Readme),
    ];

    private const string Pipeline = """
        # A Sluice pipeline. From this folder:
        #   sluice run pipeline.yaml        run it (state in .sluice/, result on stdout, out/summary.csv)
        #   sluice validate pipeline.yaml   check it, with file:line:col for every problem
        #   sluice graph pipeline.yaml      the DAG as Mermaid text
        #   sluice test                     run the tests in pipeline.test.yaml
        # Editors with the YAML extension complete and check this file from .vscode/sluice.schema.json
        # (regenerate it with: sluice schema > .vscode/sluice.schema.json).
        id: sales_summary
        name: Sales summary
        tasks:
          - id: ingest
            action: ingest_from_sources
            parameters:
              source: data/sales.csv
              schema: {order_id: int64, region: string, product: string, amount: decimal(2)}
            outputs: [raw_data]

          - id: summarize
            action: apply_transformations
            parameters:
              data: "{{ ingest.raw_data }}"
              transformations:
                - name: by_region
                  aggregate:
                    by: [region]
                    metrics:
                      orders: count()
                      revenue: sum(amount)
                - sort: [region]
            dependencies: [ingest]
            outputs: [transformed_data]

          - id: export
            action: export_to_targets
            parameters:
              data: "{{ summarize.transformed_data }}"
              targets:
                - {path: out/summary.csv, format: csv}
            dependencies: [summarize]
            outputs: [export_stats]

        result:
          regions: "{{ export.export_stats.rows }}"

        """;

    private const string Test = """
        # Tests of pipeline.yaml, run by: sluice test
        # Each test runs the pipeline in a fresh temporary folder with its own store: 'files:' are written there first,
        # and 'expect:' checks the run's state, task outputs (a dataset output by its rows), the result and written files.
        tests:
          - name: sums sales per region
            files:
              data/sales.csv: |
                order_id,region,product,amount
                1,north,widget,12.50
                2,south,widget,12.50
                3,north,gadget,30.00
            expect:
              state: succeeded
              outputs:
                summarize.transformed_data:
                  - {region: north, orders: 2, revenue: 42.50}
                  - {region: south, orders: 1, revenue: 12.50}
              result:
                regions: 2
              files:
                out/summary.csv: |
                  region,orders,revenue
                  north,2,42.50
                  south,1,12.50

          - name: the sample data has four regions
            files:
              data/sales.csv: {from: data/sales.csv}
            expect:
              result: {regions: 4}

        """;

    private const string Sales = """
        order_id,region,product,amount
        1,north,widget,12.50
        2,south,widget,12.50
        3,north,gadget,30.00
        4,east,widget,12.50
        5,south,gizmo,7.25
        6,north,gizmo,7.25
        7,east,gadget,30.00
        8,west,widget,12.50

        """;

    private const string GitIgnore = """
        # Sluice's run state (the SQLite store and artifacts) and the pipeline's output.
        .sluice/
        out/

        """;

    private const string Readme = """
        # Sales summary

        A [Sluice](https://www.nuget.org/packages/Sluice.Cli) project: `pipeline.yaml` reads `data/sales.csv`,
        sums sales per region and writes `out/summary.csv`.

        ```sh
        sluice run pipeline.yaml     # run it; `sluice runs` and `sluice show RUN` afterwards
        sluice test                  # run the tests in pipeline.test.yaml
        ```

        """;

    // The YAML extension (redhat.vscode-yaml) maps a schema to file globs; the schema is a file in the project so
    // it works offline and matches the installed sluice.
    private static string Settings() => new JsonObject
    {
        ["yaml.schemas"] = new JsonObject { ["./" + SchemaFile] = new JsonArray(PipelineFile, "pipelines/**/*.yaml", "*.pipeline.yaml") },
        ["files.associations"] = new JsonObject { ["*.pipeline.yaml"] = "yaml" },
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
