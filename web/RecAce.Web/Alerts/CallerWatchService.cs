using RecAce.Core.Harassment;

namespace RecAce.Web.Alerts;

/// <summary>Runs the watch-list check of starting calls off the call path.</summary>
internal sealed class CallerWatchService(CallerWatch watch) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await watch.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
