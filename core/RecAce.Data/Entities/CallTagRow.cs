using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A tag a supervisor put on a call.</summary>
[Table("call_tags")]
public sealed class CallTagRow
{
    [PrimaryKey(0), Column("call_id")] public Guid CallId { get; set; }
    [PrimaryKey(1), Column("tag"), NotNull] public string Tag { get; set; } = "";
    [Column("added_by"), NotNull] public string AddedBy { get; set; } = "";
    [Column("added_at")] public long AddedAtMs { get; set; }
}
