using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>An announcement uploaded in the admin, stored converted under <c>&lt;data&gt;/announcements/&lt;file_name&gt;</c>.</summary>
[Table("announcements")]
public sealed class AnnouncementRow
{
    [PrimaryKey, Column("id")] public string Id { get; set; } = "";

    /// <summary>The label shown in the admin (the uploaded name, for display only; never a path).</summary>
    [Column("name"), NotNull] public string Name { get; set; } = "";

    /// <summary>The generated file name (<c>&lt;id&gt;.wav</c>).</summary>
    [Column("file_name"), NotNull] public string FileName { get; set; } = "";
    [Column("duration_ms")] public long DurationMs { get; set; }
    [Column("size_bytes")] public long SizeBytes { get; set; }
    [Column("sha256"), NotNull] public string Sha256 { get; set; } = "";
    [Column("uploaded_by"), NotNull] public string UploadedBy { get; set; } = "";
    [Column("uploaded_at")] public long UploadedAtMs { get; set; }
}
