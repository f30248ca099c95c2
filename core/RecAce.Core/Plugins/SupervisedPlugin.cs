using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RecAce.Plugins;

namespace RecAce.Core.Plugins;

/// <summary>
/// Runs one loaded plugin until the host stops: start an instance, poll its health, and on a fault
/// stop it, wait out the back-off and start a new instance. Never throws: a plugin that keeps
/// failing only ever affects its own status.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "PluginLoggerFactory wraps the host's factory and owns nothing to dispose.")]
internal sealed class SupervisedPlugin
{
    private readonly PluginLoadResult _plugin;
    private readonly PluginManifest _manifest;
    private readonly PluginHostOptions _options;
    private readonly IConfiguration _configuration;
    private readonly ILoggerFactory _pluginLoggerFactory;
    private readonly TimeProvider _time;
    private readonly ICallSink _callSink;
    private readonly IAudioFileDecoder _audioFileDecoder;
    private readonly PluginRegistry _registry;
    private readonly ILogger _logger;

    private int _faultCount;
    private int _consecutiveFaults;
    private AdapterHealth? _lastHealth;

    public SupervisedPlugin(PluginLoadResult plugin, PluginHostOptions options, IConfiguration configuration,
        ILoggerFactory loggerFactory, TimeProvider time, ICallSink callSink, IAudioFileDecoder audioFileDecoder,
        PluginRegistry registry, ILogger logger)
    {
        _plugin = plugin;
        _manifest = plugin.Manifest ?? throw new ArgumentException("The plugin is not loaded.", nameof(plugin));
        _options = options;
        _configuration = configuration;
        _pluginLoggerFactory = new PluginLoggerFactory(loggerFactory, plugin.Id);
        _time = time;
        _callSink = callSink;
        _audioFileDecoder = audioFileDecoder;
        _registry = registry;
        _logger = logger;
    }

    private string Id => _manifest.Id;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var adapter = _plugin.InitialAdapter;
            while (!stopping.IsCancellationRequested)
            {
                var startedAt = _time.GetUtcNow();
                Exception? fault = null;
                adapter ??= TryCreate(out fault);
                if (adapter is not null)
                    fault = await RunInstanceAsync(adapter, stopping);
                adapter = null;
                if (fault is null)
                    break; // Stopping.

                var delay = RecordFault(fault, startedAt);
                await Task.Delay(delay, _time, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping during a back-off wait.
        }
#pragma warning disable CA1031 // Supervision itself must never take the host down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogCritical(ex, "Supervision of plugin {PluginId} failed; the plugin is left stopped", Id);
            Publish(PluginState.Faulted, $"Supervision failed: {ex.Message}");
            return;
        }
        Publish(PluginState.Stopped, null);
    }

    private ITelephonyAdapter? TryCreate(out Exception? fault)
    {
        try
        {
            fault = null;
            return _plugin.CreateAdapter();
        }
#pragma warning disable CA1031 // A throwing constructor is a fault like any other; it is retried after the back-off.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            fault = ex;
            return null;
        }
    }

    /// <returns>The fault that ended the instance, or null when the host is stopping.</returns>
    private async Task<Exception?> RunInstanceAsync(ITelephonyAdapter adapter, CancellationToken stopping)
    {
        // One signal per instance: a late ReportFault from a discarded instance lands on a signal nobody waits for.
        var faultSignal = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A new instance earns its own health: the next check publishes it even when it repeats the last one.
        _lastHealth = null;
        Publish(PluginState.Starting, null);
        var fault = await StartAsync(adapter, faultSignal, stopping);
        if (fault is null && !stopping.IsCancellationRequested)
        {
            Publish(PluginState.Active, null);
            fault = await WatchAsync(adapter, faultSignal.Task, stopping);
        }
        await StopAsync(adapter);
        return stopping.IsCancellationRequested ? null : fault;
    }

    private async Task<Exception?> StartAsync(ITelephonyAdapter adapter, TaskCompletionSource<Exception> faultSignal, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_options.StartTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        try
        {
            var stateDirectory = Path.Combine(_options.DataDirectory, "plugins", Id);
            Directory.CreateDirectory(stateDirectory);
            var context = new AdapterContext(Id, _configuration.GetSection($"Plugins:{Id}"), _pluginLoggerFactory, _time,
                _callSink, _audioFileDecoder, stateDirectory, ex => faultSignal.TrySetResult(ex));
            // Task.Run: a plugin that blocks before its first await must not block the supervisor.
            await Task.Run(() => adapter.StartAsync(context, linked.Token), CancellationToken.None)
                .WaitAsync(_options.StartTimeout, _time, stopping);
            return null;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            return new TimeoutException($"StartAsync did not finish within {_options.StartTimeout}.", ex);
        }
#pragma warning disable CA1031 // Any exception from a plugin's StartAsync is a fault of that plugin.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    /// <returns>The fault that ended the instance, or null when the host is stopping.</returns>
    private async Task<Exception?> WatchAsync(ITelephonyAdapter adapter, Task<Exception> faultReported, CancellationToken stopping)
    {
        while (true)
        {
            var tick = Task.Delay(_options.HealthCheckInterval, _time, stopping);
            var first = await Task.WhenAny(tick, faultReported);
            if (first == faultReported)
                return await faultReported;
            if (stopping.IsCancellationRequested)
                return null;
            var fault = await CheckHealthAsync(adapter, stopping);
            if (fault is not null || stopping.IsCancellationRequested)
                return fault;
        }
    }

    private async Task<Exception?> CheckHealthAsync(ITelephonyAdapter adapter, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_options.HealthCheckTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        AdapterHealth? health;
        try
        {
            health = await Task.Run(() => adapter.CheckHealthAsync(linked.Token).AsTask(), CancellationToken.None)
                .WaitAsync(_options.HealthCheckTimeout, _time, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            return new TimeoutException($"CheckHealthAsync did not finish within {_options.HealthCheckTimeout}.", ex);
        }
#pragma warning disable CA1031 // Any exception from a plugin's health check is a fault of that plugin.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }

        if (health is null)
            return new InvalidOperationException("CheckHealthAsync returned null.");
        // Publish only real changes, so a healthy plugin does not write a status every interval.
        var changed = _lastHealth is null || _lastHealth.Status != health.Status || _lastHealth.Description != health.Description;
        _lastHealth = health;
        if (changed)
            Publish(StateFor(health), health.Status == AdapterHealthStatus.Healthy ? null : health.Description);
        return null;
    }

    /// <summary>
    /// A running adapter that reports trouble (an in-line recorder that cannot record, a link down) is Degraded,
    /// so /healthz and the admin say so instead of "Active". Unhealthy maps to Degraded too: a plugin degrades
    /// the server but never makes it Unhealthy (503), which would take a load balancer's traffic away from the
    /// parts that still work. The adapter's own word stays in <see cref="PluginStatus.LastHealth"/>.
    /// </summary>
    private static PluginState StateFor(AdapterHealth health) =>
        health.Status == AdapterHealthStatus.Healthy ? PluginState.Active : PluginState.Degraded;

    private async Task StopAsync(ITelephonyAdapter adapter)
    {
        // Not the host's stopping token: at shutdown the adapter still deserves its full stop timeout.
        using var timeout = new CancellationTokenSource(_options.StopTimeout, _time);
        try
        {
            await Task.Run(() => adapter.StopAsync(timeout.Token), CancellationToken.None)
                .WaitAsync(_options.StopTimeout, _time, CancellationToken.None);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            _logger.LogWarning("Plugin {PluginId} did not stop within {StopTimeout}; its instance is abandoned", Id, _options.StopTimeout);
        }
#pragma warning disable CA1031 // A failing stop is logged; the instance is discarded either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Plugin {PluginId} threw while stopping", Id);
        }
        await DisposeAsync(adapter);
    }

    private async Task DisposeAsync(ITelephonyAdapter adapter)
    {
        try
        {
            if (adapter is IAsyncDisposable asyncDisposable)
                await asyncDisposable.DisposeAsync();
            else if (adapter is IDisposable disposable)
                disposable.Dispose();
        }
#pragma warning disable CA1031 // A failing dispose is logged; the instance is discarded either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Plugin {PluginId} threw while being disposed", Id);
        }
    }

    private TimeSpan RecordFault(Exception fault, DateTimeOffset instanceStartedAt)
    {
        var now = _time.GetUtcNow();
        // An instance that ran well for a long time starts the escalation afresh.
        if (now - instanceStartedAt >= _options.BackoffResetAfter)
            _consecutiveFaults = 0;
        _faultCount++;
        _consecutiveFaults++;
        var delay = RestartBackoff.For(_consecutiveFaults, _options.RestartBackoffBase, _options.RestartBackoffCap);
        _logger.LogError(fault, "Plugin {PluginId} faulted (fault {FaultCount}); restarting in {Delay}", Id, _faultCount, delay);
        Publish(PluginState.Faulted, $"{fault.GetType().Name}: {fault.Message}", now, now + delay);
        return delay;
    }

    private void Publish(PluginState state, string? message) => Publish(state, message, _time.GetUtcNow(), null);

    private void Publish(PluginState state, string? message, DateTimeOffset now, DateTimeOffset? nextRestartAt) =>
        _registry.Publish(new PluginStatus(Id, _manifest.Version, state, message, _faultCount, nextRestartAt, _lastHealth, now));
}
