using RecAce.Plugins;

namespace RecAce.TestPlugin.HealthFile;

/// <summary>
/// An adapter whose health a test sets from outside the host process: <c>health.txt</c> in its state
/// folder holds "Degraded: reason" or "Unhealthy: reason"; no file (or anything else) is Healthy.
/// </summary>
public sealed class HealthFileAdapter : ITelephonyAdapter
{
    private string? _healthFile;

    public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _healthFile = Path.Combine(context.StateDirectory, "health.txt");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (_healthFile is null || !File.Exists(_healthFile))
            return AdapterHealth.Healthy;
        var text = (await File.ReadAllTextAsync(_healthFile, cancellationToken)).Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var word = colon < 0 ? text : text[..colon];
        var reason = colon < 0 ? null : text[(colon + 1)..].Trim();
        return Enum.TryParse<AdapterHealthStatus>(word, out var status)
            ? new AdapterHealth(status, reason)
            : AdapterHealth.Healthy;
    }
}
