namespace RecAce.Plugins;

/// <summary>Health an adapter reports of itself.</summary>
/// <param name="Status">Overall state.</param>
/// <param name="Description">Short text for administrators (English or Japanese); null when there is nothing to say.</param>
/// <param name="Data">Optional figures (counters, queue depths) shown in <c>/healthz</c>; keys are camelCase.</param>
public sealed record AdapterHealth(
    AdapterHealthStatus Status,
    string? Description = null,
    IReadOnlyDictionary<string, object>? Data = null)
{
    /// <summary>A healthy result with no description.</summary>
    public static AdapterHealth Healthy { get; } = new(AdapterHealthStatus.Healthy);
}

/// <summary>Health states, ordered from best to worst.</summary>
public enum AdapterHealthStatus
{
    /// <summary>Working normally.</summary>
    Healthy = 0,

    /// <summary>Working, but something needs attention (for example, packet drops).</summary>
    Degraded = 1,

    /// <summary>Not working.</summary>
    Unhealthy = 2,
}
