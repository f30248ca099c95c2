using RecAce.Plugins;

namespace RecAce.Core.Plugins;

/// <summary>A plugin's state as shown by <c>/healthz</c> and the admin. Immutable; a new value is published on every change.</summary>
/// <param name="Id">The plugin id (the folder name when the manifest could not be read).</param>
/// <param name="Version">The plugin's version from its manifest; null when the manifest could not be read.</param>
/// <param name="State">The current state.</param>
/// <param name="Message">Why the plugin is in this state (the reason it is not supported, the last fault); null when there is nothing to say.</param>
/// <param name="FaultCount">Faults since the host started (start, health check or reported faults).</param>
/// <param name="NextRestartAt">When a faulted plugin is started again; null when no restart is scheduled.</param>
/// <param name="LastHealth">The adapter's last health report; null before the first check.</param>
/// <param name="ChangedAt">When this status was published, by the host's clock.</param>
public sealed record PluginStatus(
    string Id,
    Version? Version,
    PluginState State,
    string? Message,
    int FaultCount,
    DateTimeOffset? NextRestartAt,
    AdapterHealth? LastHealth,
    DateTimeOffset ChangedAt);
