using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A reviewer's note on a call. Notes are added, never edited.</summary>
[Table("call_notes")]
public sealed class CallNoteRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("call_id")] public Guid CallId { get; set; }
    [Column("author"), NotNull] public string Author { get; set; } = "";
    [Column("at")] public long AtMs { get; set; }
    [Column("text"), NotNull] public string Text { get; set; } = "";
}
