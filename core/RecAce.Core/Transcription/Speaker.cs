namespace RecAce.Core.Transcription;

/// <summary>Who speaks in a segment. The stereo recording keeps them apart: left = outside party, right = staff.</summary>
public enum Speaker
{
    /// <summary>The caller or callee outside the city hall (left channel).</summary>
    OutsideParty = 0,

    /// <summary>The city hall's staff member (right channel).</summary>
    Staff = 1,
}
