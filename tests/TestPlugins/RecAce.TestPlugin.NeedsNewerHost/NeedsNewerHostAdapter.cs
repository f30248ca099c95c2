using RecAce.Plugins;

namespace RecAce.TestPlugin.NeedsNewerHost;

/// <summary>A working adapter whose manifest asks for host 99.0.0, so the host must refuse it before loading.</summary>
public sealed class NeedsNewerHostAdapter : ITelephonyAdapter
{
    public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(AdapterHealth.Healthy);
}
