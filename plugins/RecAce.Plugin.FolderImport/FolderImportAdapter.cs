using Microsoft.Extensions.Logging;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport;

/// <summary>
/// Imports the recordings an existing PBX recorder (for example Asterisk MixMonitor under
/// FreePBX) writes to a folder: each stable WAV, MP3, Ogg or FLAC file becomes one call, and is then
/// moved to <c>done/</c>, <c>failed/</c> or <c>duplicate/</c> under the folder.
/// </summary>
/// <remarks>
/// Configured under <c>Plugins:FolderImport</c>; see <see cref="FolderImportOptions"/>. A
/// configuration error or an unusable folder does not stop the host: the adapter reports
/// Unhealthy with the reason and, for a folder, keeps checking until it becomes usable.
/// </remarks>
public sealed class FolderImportAdapter : ITelephonyAdapter, IDisposable
{
    private readonly ImportCounters _counters = new();
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private FolderScanLoop? _scanLoop;
    private volatile string? _configurationProblem = "The adapter has not been started.";

    /// <inheritdoc />
    public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_loop is not null)
            throw new InvalidOperationException("The adapter is already started.");

        var logger = context.LoggerFactory.CreateLogger<FolderImportAdapter>();
        FolderImportOptions options;
        try
        {
            options = FolderImportOptions.Read(context.Configuration);
        }
        catch (FormatException ex)
        {
            _configurationProblem = ex.Message;
            logger.LogError("FolderImport is not configured correctly: {Problem}", ex.Message);
            return Task.CompletedTask;
        }
        _configurationProblem = null;

        var importer = new RecordingImporter(options, context.AudioFileDecoder, context.CallSink, logger);
        var scanLoop = new FolderScanLoop(options, new ImportFolder(options.Path), importer, _counters, context.TimeProvider, logger);
        scanLoop.Prepare();
        _scanLoop = scanLoop;
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _loop = Task.Run(() => RunAsync(scanLoop, context, logger, token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        // The loop finishes writing a call it has opened before it ends; wait for that unless the host gives up.
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var data = _counters.Snapshot();
        var problem = _configurationProblem ?? _scanLoop?.Problem;
        if (problem is not null)
            return ValueTask.FromResult(new AdapterHealth(AdapterHealthStatus.Unhealthy, problem, data));
        if (_loop is { IsCompleted: true } && !(_stopping?.IsCancellationRequested ?? false))
            return ValueTask.FromResult(new AdapterHealth(AdapterHealthStatus.Unhealthy, "The import loop has stopped after an error.", data));
        return ValueTask.FromResult(new AdapterHealth(AdapterHealthStatus.Healthy, null, data));
    }

    /// <summary>Cancels the background work if <see cref="StopAsync"/> was not called.</summary>
    public void Dispose()
    {
        var stopping = Interlocked.Exchange(ref _stopping, null);
        stopping?.Cancel();
        stopping?.Dispose();
    }

    private static async Task RunAsync(FolderScanLoop scanLoop, IAdapterContext context, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await scanLoop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The folder import loop crashed");
            context.ReportFault(ex);
        }
    }
}
