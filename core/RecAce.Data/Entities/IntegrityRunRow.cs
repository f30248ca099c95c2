using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>One run of the integrity verification, for the admin and /healthz.</summary>
[Table("integrity_runs")]
public sealed class IntegrityRunRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("at")] public long AtMs { get; set; }
    [Column("actor"), NotNull] public string Actor { get; set; } = "";
    [Column("scope"), NotNull] public string Scope { get; set; } = "";
    [Column("intact")] public bool Intact { get; set; }
    [Column("calls_checked")] public long CallsChecked { get; set; }
    [Column("entries_checked")] public long EntriesChecked { get; set; }
    /// <summary>One problem a line; null when intact.</summary>
    [Column("problems")] public string? Problems { get; set; }
    [Column("duration_ms")] public long DurationMs { get; set; }
}
