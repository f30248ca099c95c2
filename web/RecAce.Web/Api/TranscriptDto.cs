namespace RecAce.Web.Api;

/// <summary>A call's transcript: status and speaker-labelled segments in time order.</summary>
public sealed record TranscriptDto(Guid CallId, string Status, string? Model, string? Language, string? Error, IReadOnlyList<TranscriptSegmentDto> Segments);

/// <summary>One segment. <c>Text</c> is the text in force (a correction when there is one); <c>OriginalText</c> is Whisper's, always kept.</summary>
public sealed record TranscriptSegmentDto(long Id, string Speaker, double StartSeconds, double EndSeconds, string Text, string OriginalText, string? CorrectedBy, DateTimeOffset? CorrectedAt);
