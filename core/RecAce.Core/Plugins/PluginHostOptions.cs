namespace RecAce.Core.Plugins;

/// <summary>Where plugins are, and the timings <see cref="PluginSupervisor"/> uses.</summary>
public sealed record PluginHostOptions
{
    /// <summary>The folder holding one sub-folder per plugin (<c>plugins/&lt;id&gt;/plugin.json</c>).</summary>
    public required string PluginsDirectory { get; init; }

    /// <summary>The host's data directory; each plugin gets <c>&lt;DataDirectory&gt;/plugins/&lt;id&gt;</c> as its state folder.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The host version compared with each manifest's <c>minHostVersion</c>.</summary>
    public required Version HostVersion { get; init; }

    /// <summary>How long <c>StartAsync</c> may take before the start counts as a fault. Default 30 seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the host waits for <c>StopAsync</c>. Default 10 seconds.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a running adapter's health is checked. Default 30 seconds.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one health check may take before it counts as a fault. Default 5 seconds.</summary>
    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the first restart after a fault; it doubles with each further fault. Default 1 minute.</summary>
    public TimeSpan RestartBackoffBase { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait before a restart. Default 1 day.</summary>
    public TimeSpan RestartBackoffCap { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// An adapter that ran this long without a fault starts the back-off again from
    /// <see cref="RestartBackoffBase"/> at its next fault. Default 1 hour.
    /// </summary>
    public TimeSpan BackoffResetAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Throws when a value is out of range, so a bad configuration fails at start, not at the first fault.</summary>
    /// <exception cref="ArgumentException">A path is empty, or a duration is not positive, or the cap is below the base.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(PluginsDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        ArgumentNullException.ThrowIfNull(HostVersion);
        RequirePositive(StartTimeout, nameof(StartTimeout));
        RequirePositive(StopTimeout, nameof(StopTimeout));
        RequirePositive(HealthCheckInterval, nameof(HealthCheckInterval));
        RequirePositive(HealthCheckTimeout, nameof(HealthCheckTimeout));
        RequirePositive(RestartBackoffBase, nameof(RestartBackoffBase));
        RequirePositive(BackoffResetAfter, nameof(BackoffResetAfter));
        if (RestartBackoffCap < RestartBackoffBase)
            throw new ArgumentException($"{nameof(RestartBackoffCap)} must not be below {nameof(RestartBackoffBase)}.", nameof(RestartBackoffCap));
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
            throw new ArgumentException($"{name} must be positive.", name);
    }
}
