using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>Who did what, when, from where. Append-only.</summary>
[Table("audit_events")]
public sealed class AuditEventRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("at")] public long AtMs { get; set; }
    [Column("actor"), NotNull] public string Actor { get; set; } = "";
    [Column("action"), NotNull] public string Action { get; set; } = "";
    [Column("target")] public string? Target { get; set; }
    [Column("detail")] public string? Detail { get; set; }
    [Column("remote_address")] public string? RemoteAddress { get; set; }
    [Column("prev_hash")] public string? PrevHash { get; set; }
    [Column("hash")] public string? Hash { get; set; }
}
