using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A note on an incident. Notes are added, never edited.</summary>
[Table("incident_notes")]
public sealed class IncidentNoteRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("incident_id")] public Guid IncidentId { get; set; }
    [Column("author"), NotNull] public string Author { get; set; } = "";
    [Column("at")] public long AtMs { get; set; }
    [Column("text"), NotNull] public string Text { get; set; } = "";
}
