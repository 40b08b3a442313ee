namespace Sluice.Streaming.Tests.Testing;

/// <summary>A test that needs <c>nats-server</c>: skipped where it is not installed, unless <c>CI=true</c> (then it fails and says what to install).</summary>
public sealed class NatsFactAttribute : FactAttribute
{
    public NatsFactAttribute()
    {
        if (!File.Exists(NatsServer.Binary) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{NatsServer.Binary} is not installed (apt-get install nats-server)";
        }
    }
}
