using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Plugins;

namespace RecAce.Core.Plugins;

/// <summary>
/// The current <see cref="PluginStatus"/> of every plugin the host found. Written by
/// <see cref="PluginSupervisor"/>, read by <c>/healthz</c> and the admin. Thread safety: every member
/// may be used from any thread.
/// </summary>
public sealed class PluginRegistry
{
    private readonly ConcurrentDictionary<string, PluginStatus> _statuses = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="logger">Logs exceptions thrown by <see cref="StatusChanged"/> handlers; null logs nothing.</param>
    public PluginRegistry(ILogger<PluginRegistry>? logger = null) => _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>
    /// Raised after a plugin's status changed, on the thread that changed it (for example to persist
    /// states). Handlers must be quick; an exception from a handler is logged and does not affect the plugin.
    /// </summary>
    public event EventHandler<PluginStatus>? StatusChanged;

    /// <summary>Every plugin's current status, ordered by id.</summary>
    public IReadOnlyList<PluginStatus> Snapshot() =>
        [.. _statuses.Values.OrderBy(s => s.Id, StringComparer.Ordinal)];

    /// <summary>The current status of one plugin, or null when the host has not seen it.</summary>
    /// <param name="id">The plugin id.</param>
    public PluginStatus? Find(string id) => _statuses.TryGetValue(id, out var status) ? status : null;

    internal void Publish(PluginStatus status)
    {
        _statuses[status.Id] = status;
        var handlers = StatusChanged;
        if (handlers is null)
            return;
        // Each handler separately, so one failing subscriber does not hide the change from the others.
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<PluginStatus>>())
        {
            try
            {
                handler(this, status);
            }
#pragma warning disable CA1031 // A subscriber's bug must not break plugin supervision.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogError(ex, "A StatusChanged handler failed for plugin {PluginId}", status.Id);
            }
        }
    }

    private readonly ConcurrentDictionary<string, IReadOnlyList<SettingDescriptor>> _settings = new(StringComparer.Ordinal);

    /// <summary>Records the settings a loaded adapter declared (<see cref="IConfigurableAdapter"/>).</summary>
    public void PublishSettings(string id, IReadOnlyList<SettingDescriptor> settings) => _settings[id] = settings;

    /// <summary>Each loaded plugin that declared settings, by id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SettingDescriptor>> SettingsSchemas() => new Dictionary<string, IReadOnlyList<SettingDescriptor>>(_settings, StringComparer.Ordinal);
}
