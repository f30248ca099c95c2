namespace RecAce.Core.Pipeline;

/// <summary>Per-leg packet counters, stored with the call.</summary>
public sealed record LegCounters
{
    /// <summary>Packets accepted and decoded.</summary>
    public long Packets { get; set; }

    /// <summary>Packets never received (sequence gaps), filled with silence.</summary>
    public long Lost { get; set; }

    /// <summary>Packets that arrived after their place had been filled; dropped.</summary>
    public long Late { get; set; }

    /// <summary>Packets received more than once; dropped.</summary>
    public long Duplicate { get; set; }

    /// <summary>Packets whose payload could not be decoded; dropped (their time is filled with silence).</summary>
    public long Malformed { get; set; }
}
