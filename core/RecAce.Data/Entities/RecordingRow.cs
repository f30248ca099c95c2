using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A sealed recording file. Never updated once written.</summary>
[Table("recordings")]
public sealed class RecordingRow
{
    [PrimaryKey, Column("call_id")] public Guid CallId { get; set; }
    /// <summary>Path relative to the data directory, with '/' separators.</summary>
    [Column("path"), NotNull] public string Path { get; set; } = "";
    [Column("format"), NotNull] public string Format { get; set; } = "";
    [Column("sha256"), NotNull] public string Sha256 { get; set; } = "";
    [Column("size_bytes")] public long SizeBytes { get; set; }
    [Column("duration_ms")] public long DurationMs { get; set; }
    [Column("channels")] public int Channels { get; set; }
    [Column("sealed_at")] public long SealedAtMs { get; set; }
}
