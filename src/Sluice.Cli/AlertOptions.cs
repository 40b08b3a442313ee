using System.CommandLine;
using Microsoft.Extensions.Logging;
using Sluice.Server.Alerts;

namespace Sluice.Cli;

/// <summary><c>--alert-webhook</c>, shared by <c>serve</c> and <c>worker</c>, and the alert sink a worker process runs.</summary>
internal static class AlertOptions
{
    public const string WebhookVariable = "SLUICE_ALERT_WEBHOOK";

    public const string PublicUrlVariable = "SLUICE_PUBLIC_URL";

    public static Option<string> PublicUrl() => new("--public-url")
    {
        Description = $"The server's address as users reach it (https://sluice.example.com/): alerts link to their run with it. The default is ${PublicUrlVariable}.",
    };

    /// <summary>Alert delivery with the public URL given, else <see cref="PublicUrlVariable"/>'s; a bad URL is a usage error.</summary>
    public static AlertDeliveryOptions Delivery(string? publicUrl)
    {
        var text = publicUrl ?? Environment.GetEnvironmentVariable(PublicUrlVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new AlertDeliveryOptions();
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--public-url '{text}' is not an absolute http:// or https:// URL; write the address users open the UI at, such as https://sluice.example.com/");
        }
        return new AlertDeliveryOptions { PublicUrl = url };
    }

    public static Option<string[]> Webhooks() => new("--alert-webhook")
    {
        Description = $"URL that receives alerts as JSON (Slack-compatible); repeatable. The default is ${WebhookVariable} (several separated by spaces).",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The URLs given, else those of <see cref="WebhookVariable"/>.</summary>
    public static string[] WebhooksOrDefault(string[]? given) => given is { Length: > 0 } hooks ? hooks
        : (Environment.GetEnvironmentVariable(WebhookVariable) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// A started notifier posting to <paramref name="webhooks"/> (a worker's quality-gate alerts), or null when there are
    /// none. Delivery problems are logged on stderr. Stop it with <see cref="Microsoft.Extensions.Hosting.BackgroundService.StopAsync"/>.
    /// </summary>
    public static async Task<AlertNotifier?> StartNotifierAsync(string[] webhooks, AlertDeliveryOptions delivery, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        if (webhooks.Length == 0)
        {
            return null;
        }
        AlertNotifier notifier;
        try
        {
            notifier = new AlertNotifier(webhooks, delivery, TimeProvider.System, logging.CreateLogger<AlertNotifier>());
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
        await notifier.StartAsync(cancellationToken).ConfigureAwait(false);
        return notifier;
    }
}
