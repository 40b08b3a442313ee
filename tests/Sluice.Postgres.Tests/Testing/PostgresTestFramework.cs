using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Sluice.Postgres.Tests.Testing.PostgresTestFramework", "Sluice.Postgres.Tests")]

namespace Sluice.Postgres.Tests.Testing;

/// <summary>
/// xUnit's framework with one change: when PostgreSQL cannot be started here, every test of a class
/// marked <see cref="RequiresPostgresAttribute"/> is discovered as a skipped test carrying the reason.
/// A discovery-time skip is the only kind xUnit 2 reports as "skipped", and it also covers the
/// inherited <c>[Fact]</c>s of the store contract suite, which cannot carry a custom attribute.
/// </summary>
public sealed class PostgresTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var reason = PostgresBinaries.SkipReason;
            var type = (testMethod.TestClass.Class as IReflectionTypeInfo)?.Type;
            if (reason is null || type?.GetCustomAttribute<RequiresPostgresAttribute>(inherit: true) is null
                || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute).AssemblyQualifiedName).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }
            var skipped = new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }
    }
}
