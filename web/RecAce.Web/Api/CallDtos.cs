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
    IReadOnlyList<DtmfDto>? Dtmf = null);

public sealed record LegDto(string LegId, string Role, string? Label, int SampleRate, double Seconds, long Packets, long Lost, long Late, long Duplicate, long Malformed);

public sealed record RecordingDto(string Format, string Sha256, long SizeBytes, double DurationSeconds, int Channels, DateTimeOffset SealedAt);

public sealed record CallPage(IReadOnlyList<CallDto> Items, int Page, int PageSize, int Total);

public sealed record DtmfDto(string LegId, string Digit, DateTimeOffset At, int DurationMs);
