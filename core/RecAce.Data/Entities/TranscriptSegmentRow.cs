using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>
/// One speaker-labelled stretch of a call's transcript. <see cref="Text"/> is what Whisper wrote and
/// is never changed; a supervisor's correction goes beside it.
/// </summary>
[Table("transcript_segments")]
public sealed class TranscriptSegmentRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("call_id")] public Guid CallId { get; set; }
    /// <summary>0 = outside party (left channel), 1 = staff (right channel).</summary>
    [Column("speaker")] public int Speaker { get; set; }
    [Column("start_ms")] public long StartMs { get; set; }
    [Column("end_ms")] public long EndMs { get; set; }
    [Column("text"), NotNull] public string Text { get; set; } = "";
    [Column("corrected_text")] public string? CorrectedText { get; set; }
    [Column("corrected_by")] public string? CorrectedBy { get; set; }
    [Column("corrected_at")] public long? CorrectedAtMs { get; set; }
}
