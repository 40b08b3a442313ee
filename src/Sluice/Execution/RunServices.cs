namespace Sluice.Execution;

/// <summary>The services an embedded run hands its actions: the application's, plus the run's <see cref="ChildRunner"/>.</summary>
internal sealed class RunServices(IServiceProvider? inner, ChildRunner runner) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(ChildRunner) ? runner : inner?.GetService(serviceType);
}
