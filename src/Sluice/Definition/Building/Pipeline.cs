namespace Sluice.Definition.Building;

/// <summary>The entry point of the C# pipeline API: <c>Pipeline.Create("customer_etl").Schedule("0 2 * * *").Task(...)</c>.</summary>
public static class Pipeline
{
    /// <summary>Starts a pipeline with id <paramref name="id"/> (<c>[a-z0-9_-]+</c>, checked by <see cref="PipelineBuilder.Build"/>).</summary>
    public static PipelineBuilder Create(string id) => new(id);
}
