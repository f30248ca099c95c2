using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>An alert raised by a call from a watched number.</summary>
[Table("caller_alerts")]
public sealed class CallerAlertRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("call_id")] public Guid CallId { get; set; }
    [Column("number"), NotNull] public string Number { get; set; } = "";
    [Column("reason"), NotNull] public string Reason { get; set; } = "";
    [Column("staff_extension")] public string? StaffExtension { get; set; }
    [Column("at")] public long AtMs { get; set; }
    /// <summary>0 queued, 1 sent, 2 failed (retries spent), 3 not configured.</summary>
    [Column("mail_status")] public int MailStatus { get; set; }
    [Column("dismissed_by")] public string? DismissedBy { get; set; }
}
