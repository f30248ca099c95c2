namespace RecAce.Core.Transcription;

/// <summary>Merges the channels' segments into one dialogue ordered by time.</summary>
public static class TranscriptMerger
{
    /// <remarks>Ties go to the outside party, who usually speaks first on an incoming call; the order is stable.</remarks>
    public static IReadOnlyList<TranscriptSegment> Merge(IEnumerable<TranscriptSegment> segments) =>
        segments.OrderBy(s => s.Start).ThenBy(s => s.Speaker).ThenBy(s => s.End).ToList();
}
