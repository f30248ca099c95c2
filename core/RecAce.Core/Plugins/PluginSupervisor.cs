using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecAce.Plugins;

namespace RecAce.Core.Plugins;

/// <summary>
/// The hosted service that loads every plugin under <see cref="PluginHostOptions.PluginsDirectory"/>,
/// starts each enabled one, restarts faulted ones with back-off, and stops them all when the host stops.
/// Statuses are published to <see cref="PluginRegistry"/>.
/// </summary>
/// <remarks>
/// A plugin is enabled by <c>Plugins:&lt;id&gt;:Enabled = true</c>; plugins not mentioned are disabled.
/// Nothing a plugin does stops the host or another plugin.
/// </remarks>
public sealed class PluginSupervisor : BackgroundService
{
    private readonly PluginHostOptions _options;
    private readonly IConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly Func<string, ICallSink> _callSinks;
    private readonly IAudioFileDecoder _audioFileDecoder;
    private readonly PluginLoader _loader;
    private readonly ILogger _logger;

    /// <summary>Creates the supervisor.</summary>
    /// <param name="options">Paths, host version and timings; validated here.</param>
    /// <param name="registry">Where statuses are published.</param>
    /// <param name="configuration">The configuration root; plugins read <c>Plugins:&lt;id&gt;</c>.</param>
    /// <param name="loggerFactory">The host's logger factory.</param>
    /// <param name="timeProvider">The clock used for timeouts, health polling and back-off.</param>
    /// <param name="callSinks">Gives each adapter a sink bound to its plugin id, so every call records which adapter brought it.</param>
    /// <param name="audioFileDecoder">Given to every adapter.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public PluginSupervisor(PluginHostOptions options, PluginRegistry registry, IConfiguration configuration,
        ILoggerFactory loggerFactory, TimeProvider timeProvider, Func<string, ICallSink> callSinks, IAudioFileDecoder audioFileDecoder)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _callSinks = callSinks ?? throw new ArgumentNullException(nameof(callSinks));
        _audioFileDecoder = audioFileDecoder ?? throw new ArgumentNullException(nameof(audioFileDecoder));
        _loader = new PluginLoader(options.HostVersion, loggerFactory.CreateLogger<PluginLoader>());
        _logger = loggerFactory.CreateLogger<PluginSupervisor>();
    }

    /// <summary>Where this supervisor publishes statuses.</summary>
    public PluginRegistry Registry { get; }

    /// <summary>Every plugin's current status, ordered by id.</summary>
    public IReadOnlyList<PluginStatus> Snapshot() => Registry.Snapshot();

    /// <summary>Raised after a plugin's status changed; see <see cref="PluginRegistry.StatusChanged"/>.</summary>
    public event EventHandler<PluginStatus>? StatusChanged
    {
        add => Registry.StatusChanged += value;
        remove => Registry.StatusChanged -= value;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Loading reads files and runs plugin constructors; keep it off the host's start-up path.
        await Task.Yield();
        IReadOnlyList<PluginLoadResult> plugins;
        try
        {
            plugins = _loader.LoadAll(_options.PluginsDirectory, IsEnabled);
        }
#pragma warning disable CA1031 // The loader does not throw by design; if it ever does, the host still runs without plugins.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogCritical(ex, "Loading plugins failed; the host runs without plugins");
            return;
        }

        var runs = new List<Task>();
        foreach (var plugin in plugins)
        {
            if (!plugin.IsLoaded)
            {
                Registry.Publish(new PluginStatus(plugin.Id, plugin.Manifest?.Version, plugin.State, plugin.Message, 0, null, null, _time.GetUtcNow()));
                continue;
            }
            if (plugin.InitialAdapter is IConfigurableAdapter configurable) Registry.PublishSettings(plugin.Id, configurable.Settings);
            var supervised = new SupervisedPlugin(plugin, _options, _configuration, _loggerFactory, _time, _callSinks(plugin.Id),
                _audioFileDecoder, Registry, _logger);
            runs.Add(Task.Run(() => supervised.RunAsync(stoppingToken), CancellationToken.None));
        }
        await Task.WhenAll(runs);
    }

    private bool IsEnabled(string pluginId)
    {
        var key = $"Plugins:{pluginId}:Enabled";
        try
        {
            return _configuration.GetValue<bool?>(key) ?? false;
        }
        catch (InvalidOperationException ex)
        {
            _logger.LogWarning(ex, "{Key} is not true or false; plugin {PluginId} stays disabled", key, pluginId);
            return false;
        }
    }
}
