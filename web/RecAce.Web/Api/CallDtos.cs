namespace RecAce.Web.Api;

/// <summary>A call as the API shows it. Times are ISO 8601 with the display zone's offset (JST by default).</summary>
public sealed record CallDto(
    Guid Id,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationSeconds,
    string Direction,
    string? OutsideNumber,
    string? OutsideName,
    string? StaffExtension,
    string? StaffName,
    string Adapter,
    string? AdapterCallId,
    string Status,
    bool Recovered,
    string? Error,
    bool LegalHold,
    IReadOnlyList<LegDto>? Legs,
    RecordingDto? Recording,
    string? Transcription = null,
    TranscriptMatchDto? Match = null,
    IReadOnlyList<DtmfDto>? Dtmf = null);

/// <summary>Where a text search (<c>q</c>) matched: the first matching segment, its time, and a snippet.</summary>
/// <param name="SnippetHtml">HTML-encoded text with the match in &lt;mark&gt;; safe to insert as HTML.</param>
public sealed record TranscriptMatchDto(long SegmentId, string Speaker, double StartSeconds, string SnippetHtml);

public sealed record LegDto(string LegId, string Role, string? Label, int SampleRate, double Seconds, long Packets, long Lost, long Late, long Duplicate, long Malformed);

public sealed record RecordingDto(string Format, string Sha256, long SizeBytes, double DurationSeconds, int Channels, DateTimeOffset SealedAt);

/// <param name="TotalIsLowerBound">True when a transcript search found more calls than it counted: show "1,000+".</param>
public sealed record CallPage(IReadOnlyList<CallDto> Items, int Page, int PageSize, int Total, bool TotalIsLowerBound = false);

public sealed record DtmfDto(string LegId, string Digit, DateTimeOffset At, int DurationMs);
