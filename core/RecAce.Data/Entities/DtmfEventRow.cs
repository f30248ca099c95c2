using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A key pressed during a call.</summary>
[Table("dtmf_events")]
public sealed class DtmfEventRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("call_id")] public Guid CallId { get; set; }
    [Column("leg_id"), NotNull] public string LegId { get; set; } = "";
    [Column("digit"), NotNull] public string Digit { get; set; } = "";
    [Column("at")] public long AtMs { get; set; }
    [Column("duration_ms")] public int DurationMs { get; set; }
}
