using System.CommandLine;
using Sluice.Cli.Export;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice export airflow|argo PIPELINE</c>: a DAG for another scheduler whose tasks call <c>sluice task run</c>, so
/// the scheduler orders the tasks and Sluice runs each one with its own semantics against a shared store.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("engine") { Description = "airflow (a Python DAG) or argo (a Workflow)." };
        target.AcceptOnlyFromAmong("airflow", "argo");
        var file = new Argument<string>("pipeline") { Description = "The pipeline YAML file." };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of stdout." };
        var store = new Option<string?>("--store") { Description = "The store every task uses: a PostgreSQL connection string (or a SQLite file all tasks can reach). The default is $SLUICE_STORE, else .sluice/sluice.db." };
        var artifacts = new Option<string?>("--artifacts") { Description = "The artifact root the tasks share (a shared folder or s3://bucket/prefix)." };
        var pipelinePath = new Option<string?>("--pipeline-path") { Description = "The pipeline file's path where the tasks run (in the image, on the workers). The default is its absolute path here." };
        var command = new Option<string>("--command") { Description = "The command that starts Sluice where the tasks run.", DefaultValueFactory = _ => "sluice" };
        var image = new Option<string?>("--image") { Description = "The container image with sluice and the pipeline (Argo; Airflow with --operator kubernetes). The default is sluice:latest." };
        var op = new Option<string>("--operator") { Description = "Airflow: bash (BashOperator) or kubernetes (KubernetesPodOperator).", DefaultValueFactory = _ => "bash" };
        op.AcceptOnlyFromAmong("bash", "kubernetes");
        var cmd = new Command("export", "Write the pipeline as an Airflow DAG or an Argo Workflow whose tasks call 'sluice task run'.")
        {
            target, file, output, store, artifacts, pipelinePath, command, image, op,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var loaded = PipelineFiles.LoadOrFail(path, CommonOptions.Actions(), quietWarnings: true);
            var settings = new ExportSettings
            {
                PipelinePath = parse.GetValue(pipelinePath) ?? Path.GetFullPath(path),
                Store = parse.GetValue(store) ?? Environment.GetEnvironmentVariable("SLUICE_STORE") ?? Path.Combine(".sluice", "sluice.db"),
                Artifacts = parse.GetValue(artifacts),
                Command = parse.GetValue(command)!,
                Image = parse.GetValue(image),
            };
            var text = parse.GetValue(target) == "airflow"
                ? AirflowDag.Write(loaded.Definition!, settings, parse.GetValue(op) == "kubernetes")
                : ArgoWorkflow.Write(loaded.Definition!, settings);
            if (parse.GetValue(output) is { } o)
            {
                await File.WriteAllTextAsync(o, text, ct).ConfigureAwait(false);
            }
            else
            {
                await Console.Out.WriteAsync(text).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return cmd;
    }
}
