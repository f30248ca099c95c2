using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A department: a name and its staff extensions ("200-249, 301", numeric ranges or single extensions).</summary>
[Table("departments")]
public sealed class DepartmentRow
{
    [PrimaryKey, Column("name")] public string Name { get; set; } = "";
    [Column("extensions"), NotNull] public string Extensions { get; set; } = "";
    [Column("updated_by"), NotNull] public string UpdatedBy { get; set; } = "";
    [Column("updated_at")] public long UpdatedAtMs { get; set; }
}
