using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecAce.Core.Calls;

namespace RecAce.Core.Spool;

/// <summary>Flushes every open call's spool at least once a second, so a crash loses at most that much.</summary>
public sealed class SpoolFlusher : BackgroundService
{
    private readonly CallIntake _intake;
    private readonly RecAceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SpoolFlusher> _logger;

    public SpoolFlusher(CallIntake intake, RecAceOptions options, TimeProvider time, ILogger<SpoolFlusher> logger)
    {
        _intake = intake;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(_options.Pipeline.FlushIntervalMs, 50, 1000));
        var fsyncEvery = TimeSpan.FromSeconds(Math.Max(1, _options.Pipeline.FsyncIntervalSeconds));
        // Two loops: a pass of fsyncs over thousands of spool files can take seconds on a busy
        // disk, and it must never delay the flush to the OS that bounds what a crash can lose.
        // The flush to the OS runs on a thread of its own: a starved thread pool (a burst of work
        // elsewhere) must not stretch the one-second bound on what a crash can lose.
        var flushThread = new Thread(() => FlushLoop(interval, stoppingToken)) { IsBackground = true, Name = "RecAce spool flush" };
        flushThread.Start();
        await RunEveryAsync(fsyncEvery, () => _intake.FlushAll(toDisk: true), stoppingToken);
        flushThread.Join();

        _logger.LogInformation("Spool flusher stopped; closing {Count} open calls", _intake.OpenCallCount);
        await _intake.CloseAllAsync(RecAce.Plugins.CallEndReason.AdapterStopped, CancellationToken.None);
    }

    private void FlushLoop(TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.WaitHandle.WaitOne(interval))
        {
            try
            {
                _intake.FlushAll(toDisk: false);
            }
            catch (Exception e)
            {
                // An unhandled exception on this thread would end the process and every call with it.
                _logger.LogError(e, "A spool flush pass failed; the next one runs in {Interval}", interval);
            }
        }
    }

    private async Task RunEveryAsync(TimeSpan interval, Action pass, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Task.Run(pass, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
