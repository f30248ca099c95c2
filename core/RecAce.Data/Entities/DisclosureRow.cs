using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>One disclosure (開示請求) export of a call. Never updated.</summary>
[Table("disclosures")]
public sealed class DisclosureRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("call_id")] public Guid CallId { get; set; }
    [Column("created_by"), NotNull] public string CreatedBy { get; set; } = "";
    [Column("created_at")] public long CreatedAtMs { get; set; }
    [Column("reason"), NotNull] public string Reason { get; set; } = "";
    /// <summary>JSON array of {from, to} in seconds.</summary>
    [Column("muted_ranges"), NotNull] public string MutedRangesJson { get; set; } = "[]";
    /// <summary>JSON array of text masks as requested.</summary>
    [Column("text_masks"), NotNull] public string TextMasksJson { get; set; } = "[]";
    [Column("original_sha256"), NotNull] public string OriginalSha256 { get; set; } = "";
    [Column("redacted_sha256"), NotNull] public string RedactedSha256 { get; set; } = "";
    [Column("package_sha256"), NotNull] public string PackageSha256 { get; set; } = "";
}
