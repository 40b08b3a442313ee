namespace Sluice.Tests.Testing;

/// <summary>Tests that set process environment variables run alone, so no other test sees their values.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process environment";
}
