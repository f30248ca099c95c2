using Microsoft.Extensions.Logging;
using RecAce.Plugin.Capture.Files;
using RecAce.Plugin.Capture.Live;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture;

/// <summary>
/// Records VoIP calls passively: live from a mirror port (<c>Plugins:Capture:Interface</c>) and offline
/// from pcap/pcapng files (<see cref="IOfflineImporter"/>, used by <c>recace import-pcap</c>). Both run
/// the same decoding, SIP dialog tracking and RTP matching.
/// </summary>
/// <remarks>
/// Configured under <c>Plugins:Capture</c>; see <see cref="CaptureOptions"/>. Without an interface the
/// adapter only imports files and reports Healthy. Capture drops make it Degraded and are noted on the
/// calls open while they happened.
/// </remarks>
public sealed class CaptureAdapter : ITelephonyAdapter, IOfflineImporter, IDisposable
{
    private readonly SemaphoreSlim _importGate = new(1, 1);
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private LiveCapture? _live;
    private CaptureEngine? _engine;
    private volatile string? _problem = "The adapter has not been started.";
    private long _dropsAtLastCheck;

    /// <inheritdoc />
    public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_loop is not null) throw new InvalidOperationException("The adapter is already started.");
        var logger = context.LoggerFactory.CreateLogger<CaptureAdapter>();
        CaptureOptions options;
        try
        {
            options = CaptureOptions.Read(context.Configuration);
        }
        catch (FormatException ex)
        {
            _problem = ex.Message;
            logger.LogError("Capture is not configured correctly: {Problem}", ex.Message);
            return Task.CompletedTask;
        }
        _problem = null;
        if (options.Interface is null)
        {
            logger.LogInformation("Capture: no interface configured; only file import is available");
            return Task.CompletedTask;
        }

        var engine = new CaptureEngine(options, context.CallSink, new CaptureCounters(), logger, "interface:" + options.Interface);
        var live = new LiveCapture(options, engine, logger, context.TimeProvider);
        try
        {
            live.Open();
        }
#pragma warning disable CA1031 // libpcap reports a missing interface or missing CAP_NET_RAW in several exception types; all mean "cannot capture".
        catch (Exception ex)
#pragma warning restore CA1031
        {
            live.Dispose();
            _problem = $"Cannot capture on '{options.Interface}': {ex.Message} (capture needs CAP_NET_RAW; see the plugin README).";
            logger.LogError(ex, "Capture cannot open {Interface}", options.Interface);
            return Task.CompletedTask;
        }
        _engine = engine;
        _live = live;
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        // libpcap reads block: give the loop its own thread rather than a pool thread.
        _loop = Task.Factory.StartNew(() => RunAsync(live, context, logger, token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        _live?.Dispose();
    }

    /// <inheritdoc />
    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var counters = _engine?.Counters;
        var data = counters?.Snapshot().ToDictionary(p => p.Key, p => (object)p.Value) ?? [];
        if (_problem is { } problem)
            return ValueTask.FromResult(new AdapterHealth(AdapterHealthStatus.Unhealthy, problem, data));
        if (_loop is { IsCompleted: true } && !(_stopping?.IsCancellationRequested ?? false))
            return ValueTask.FromResult(new AdapterHealth(AdapterHealthStatus.Unhealthy, "The capture loop has stopped after an error.", data));
        if (counters is not null)
        {
            var drops = counters.KernelDrops + counters.InterfaceDrops;
            var previous = Interlocked.Exchange(ref _dropsAtLastCheck, drops);
            if (drops > previous)
            {
                return ValueTask.FromResult(new AdapterHealth(AdapterHealthStatus.Degraded,
                    $"Capture dropped packets: {counters.KernelDrops} by the kernel, {counters.InterfaceDrops} by the interface ({drops - previous} since the last check).", data));
            }
        }
        return ValueTask.FromResult(new AdapterHealth(AdapterHealthStatus.Healthy, counters is null
            ? "File import only (no interface configured)."
            : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Capturing: {counters.Packets} packets, {counters.KernelDrops} dropped by the kernel, {counters.InterfaceDrops} by the interface, {_engine!.ActiveCalls} calls open."), data));
    }

    /// <inheritdoc />
    public async Task<OfflineImportResult> ImportAsync(string path, IAdapterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(context);
        var options = CaptureOptions.Read(context.Configuration);
        var logger = context.LoggerFactory.CreateLogger<CaptureAdapter>();
        await _importGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await OfflineImport.RunAsync(path, options, context.CallSink, logger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _importGate.Release();
        }
    }

    /// <summary>Stops the capture if <see cref="StopAsync"/> was not called.</summary>
    public void Dispose()
    {
        var stopping = Interlocked.Exchange(ref _stopping, null);
        stopping?.Cancel();
        stopping?.Dispose();
        _importGate.Dispose();
    }

    private static async Task RunAsync(LiveCapture live, IAdapterContext context, ILogger logger, CancellationToken ct)
    {
        try
        {
            await live.RunAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped.
        }
#pragma warning disable CA1031 // Any failure of the loop is reported to the host, which restarts the plugin.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "The capture loop crashed");
            context.ReportFault(ex);
        }
    }
}
