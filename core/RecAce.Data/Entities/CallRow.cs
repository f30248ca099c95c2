using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A call as stored. Times are Unix milliseconds (UTC): SQLite has no DateTimeOffset type.</summary>
[Table("calls")]
public sealed class CallRow
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("started_at")] public long StartedAtMs { get; set; }
    [Column("ended_at")] public long? EndedAtMs { get; set; }
    [Column("duration_ms")] public long? DurationMs { get; set; }
    [Column("direction")] public int Direction { get; set; }
    [Column("outside_number")] public string? OutsideNumber { get; set; }
    [Column("outside_name")] public string? OutsideName { get; set; }
    [Column("staff_extension")] public string? StaffExtension { get; set; }
    [Column("staff_name")] public string? StaffName { get; set; }
    [Column("adapter_id"), NotNull] public string AdapterId { get; set; } = "";
    [Column("adapter_call_id")] public string? AdapterCallId { get; set; }
    [Column("source_digest")] public string? SourceDigest { get; set; }
    [Column("status")] public CallStatus Status { get; set; }
    [Column("end_reason")] public int EndReason { get; set; }
    [Column("recovered")] public bool Recovered { get; set; }
    [Column("error")] public string? Error { get; set; }
    [Column("finalize_attempts")] public int FinalizeAttempts { get; set; }
    [Column("legal_hold")] public bool LegalHold { get; set; }
    [Column("legal_hold_reason")] public string? LegalHoldReason { get; set; }
    [Column("legal_hold_by")] public string? LegalHoldBy { get; set; }
    [Column("legal_hold_at")] public long? LegalHoldAtMs { get; set; }
    /// <summary>The hold ends at this time (Unix ms); null holds until it is released.</summary>
    [Column("legal_hold_until")] public long? LegalHoldUntilMs { get; set; }
    /// <summary>Waiting in the supervisors' review queue.</summary>
    [Column("review_flag")] public bool ReviewFlag { get; set; }
    [Column("review_flag_reason")] public string? ReviewFlagReason { get; set; }
    [Column("extra_json")] public string? ExtraJson { get; set; }
    [Column("created_at")] public long CreatedAtMs { get; set; }
}

/// <summary>Where a call is in its life.</summary>
public enum CallStatus
{
    /// <summary>Audio is arriving.</summary>
    Recording = 0,

    /// <summary>Ended; waiting for (or retrying) finalization.</summary>
    Closed = 1,

    /// <summary>Encoded, hashed and stored; the recording is sealed.</summary>
    Finalized = 2,

    /// <summary>Finalization failed; the spool is kept and the job retries with back-off.</summary>
    FinalizeFailed = 3,

    /// <summary>Deleted by retention; the row is kept as a record that the call existed.</summary>
    Deleted = 4,
}
