using LinqToDB.Mapping;
using RecAce.Data.Integrity;

namespace RecAce.Data.Entities;

/// <summary>One entry of the integrity chain. Append-only: never updated or deleted.</summary>
[Table("integrity_chain")]
public sealed class ChainEntryRow
{
    [PrimaryKey, Column("seq")] public long Sequence { get; set; }
    [Column("at")] public long AtMs { get; set; }
    [Column("kind"), NotNull] public string Kind { get; set; } = "";
    [Column("call_id")] public Guid CallId { get; set; }
    [Column("recording_sha256")] public string? RecordingSha256 { get; set; }
    [Column("metadata_digest"), NotNull] public string MetadataDigest { get; set; } = "";
    [Column("detail")] public string? Detail { get; set; }
    [Column("prev_hash"), NotNull] public string PrevHash { get; set; } = "";
    [Column("hash"), NotNull] public string Hash { get; set; } = "";

    public ChainEntryFields Fields() => new(Sequence, AtMs, Kind, CallId, RecordingSha256, MetadataDigest, Detail);
}
