using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Calls;

/// <summary>The audio one party sends: added to the recording when its first frame arrives.</summary>
internal sealed class CallLeg(string legId, LegRole role, string? label)
{
    public string LegId { get; } = legId;

    public LegRole Role { get; set; } = role;

    public string? Label { get; set; } = label;

    public bool Added { get; set; }

    public long Frames { get; set; }

    public DtmfEventDetector Dtmf { get; } = new();
}
