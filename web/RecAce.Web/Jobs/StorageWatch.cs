using Quartz;
using RecAce.Core;
using RecAce.Core.Storage;

namespace RecAce.Web.Jobs;

/// <summary>
/// Runs the storage check at start and then every <see cref="StorageOptions.CheckIntervalSeconds"/>.
/// With <see cref="QuotaAction.RunRetention"/>, the first tick over quota starts the retention job at
/// once (it still removes only what is due); later ticks in the same state do not repeat it.
/// </summary>
internal sealed class StorageWatch : BackgroundService
{
    private readonly StorageMonitor _monitor;
    private readonly RecAceOptions _options;
    private readonly ISchedulerFactory _schedulers;
    private readonly ILogger<StorageWatch> _logger;

    public StorageWatch(StorageMonitor monitor, RecAceOptions options, ISchedulerFactory schedulers, ILogger<StorageWatch> logger)
    {
        _monitor = monitor;
        _options = options;
        _schedulers = schedulers;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(10, _options.Storage.CheckIntervalSeconds)));
        var wasOver = false;
        do
        {
            try
            {
                var state = await _monitor.CheckAsync(stoppingToken);
                if (state.QuotaExceeded && !wasOver && _options.Storage.OnQuotaExceeded == QuotaAction.RunRetention)
                {
                    _logger.LogWarning("Recordings quota exceeded: running the retention job now (it deletes only recordings already past their period)");
                    await (await _schedulers.GetScheduler(stoppingToken)).TriggerJob(RetentionJob.Key, stoppingToken);
                }

                wasOver = state.QuotaExceeded;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be migrating or briefly locked at start; the next tick tries again.
                _logger.LogWarning(e, "Storage check failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
