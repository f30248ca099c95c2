using RecAce.Plugins;

namespace RecAce.TestPlugin.ThrowsWhileRunning;

/// <summary>
/// An adapter that starts fine and then fails. <c>Plugins:&lt;id&gt;:FailBy</c> chooses how:
/// <c>ReportFault</c> (default; a background task reports a fault after <c>FailAfterMs</c>, 100 by
/// default) or <c>HealthCheck</c> (every health check throws).
/// </summary>
public sealed class ThrowsWhileRunningAdapter : ITelephonyAdapter
{
    private readonly CancellationTokenSource _stopping = new();
    private bool _failHealthChecks;
    private Task _background = Task.CompletedTask;

    public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
    {
        _failHealthChecks = string.Equals(context.Configuration["FailBy"], "HealthCheck", StringComparison.OrdinalIgnoreCase);
        if (!_failHealthChecks)
        {
            var delay = TimeSpan.FromMilliseconds(int.TryParse(context.Configuration["FailAfterMs"], out var ms) ? ms : 100);
            _background = Task.Run(async () =>
            {
                await Task.Delay(delay, context.TimeProvider, _stopping.Token);
                context.ReportFault(new IOException("ThrowsWhileRunning lost its connection."));
            }, CancellationToken.None); // The background work outlives the start call; StopAsync ends it.
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _background;
        }
        catch (OperationCanceledException)
        {
            // Stopped before it failed.
        }
        _stopping.Dispose();
    }

    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        _failHealthChecks
            ? throw new InvalidOperationException("ThrowsWhileRunning health check failed.")
            : ValueTask.FromResult(AdapterHealth.Healthy);
}
