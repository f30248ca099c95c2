using RecAce.Plugins;

namespace RecAce.TestPlugin.Good;

/// <summary>A well-behaved adapter: starts, stays healthy, and leaves marker files in its state folder so tests can see it ran.</summary>
public sealed class GoodAdapter : ITelephonyAdapter
{
    private IAdapterContext? _context;

    public async Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
    {
        _context = context;
        await File.AppendAllTextAsync(Path.Combine(context.StateDirectory, "started"), "x", cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_context is not null)
            await File.AppendAllTextAsync(Path.Combine(_context.StateDirectory, "stopped"), "x", cancellationToken);
    }

    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(AdapterHealth.Healthy);
}
