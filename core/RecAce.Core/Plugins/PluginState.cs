namespace RecAce.Core.Plugins;

/// <summary>Where a plugin is in its life in this host process.</summary>
public enum PluginState
{
    /// <summary>Started and running.</summary>
    Active = 0,

    /// <summary>Not enabled in configuration (<c>Plugins:&lt;id&gt;:Enabled</c>); only its manifest was read.</summary>
    Disabled = 1,

    /// <summary>Cannot run on this host (bad manifest, newer host needed, unloadable assembly, no adapter type); not retried until restart.</summary>
    NotSupported = 2,

    /// <summary>Failed (at construction, start, health check or by reporting a fault); restarted after a back-off when the failure was at run time.</summary>
    Faulted = 3,

    /// <summary>Loaded and being started.</summary>
    Starting = 4,

    /// <summary>Stopped because the host is shutting down.</summary>
    Stopped = 5,

    /// <summary>Running, but its last health check reported <c>Degraded</c> or <c>Unhealthy</c> (for example, calls connect but cannot be recorded); Active again once it reports Healthy.</summary>
    Degraded = 6,
}
