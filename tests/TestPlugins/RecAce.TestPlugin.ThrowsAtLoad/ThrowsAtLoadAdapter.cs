using RecAce.Plugins;

namespace RecAce.TestPlugin.ThrowsAtLoad;

/// <summary>An adapter whose constructor throws, as one that reads a missing file at construction would.</summary>
public sealed class ThrowsAtLoadAdapter : ITelephonyAdapter
{
    public ThrowsAtLoadAdapter() => throw new InvalidOperationException("ThrowsAtLoad refuses to be constructed.");

    public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(AdapterHealth.Healthy);
}
