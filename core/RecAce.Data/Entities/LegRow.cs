using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>One leg of a call with its packet counters.</summary>
[Table("legs")]
public sealed class LegRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("call_id")] public Guid CallId { get; set; }
    [Column("leg_id"), NotNull] public string LegId { get; set; } = "";
    [Column("role")] public int Role { get; set; }
    [Column("label")] public string? Label { get; set; }
    [Column("sample_rate")] public int SampleRate { get; set; }
    [Column("samples")] public long Samples { get; set; }
    [Column("packets")] public long Packets { get; set; }
    [Column("lost")] public long Lost { get; set; }
    [Column("late")] public long Late { get; set; }
    [Column("duplicate")] public long Duplicate { get; set; }
    [Column("malformed")] public long Malformed { get; set; }
}
