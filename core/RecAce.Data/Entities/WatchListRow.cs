using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>An outside number whose calls raise an alert as soon as they start.</summary>
[Table("watch_list")]
public sealed class WatchListRow
{
    [PrimaryKey, Column("number")] public string Number { get; set; } = "";
    [Column("reason"), NotNull] public string Reason { get; set; } = "";
    [Column("added_by"), NotNull] public string AddedBy { get; set; } = "";
    [Column("added_at")] public long AddedAtMs { get; set; }
}
