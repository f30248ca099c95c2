using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>One in-line recorder route edited in the admin; laid over <c>Plugins:Sip:AdminRoutes</c> for the Sip plugin.</summary>
[Table("sip_routes")]
public sealed class SipRouteRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("position")] public int Position { get; set; }
    [Column("match"), NotNull] public string Match { get; set; } = "";
    [Column("source")] public string? Source { get; set; }
    [Column("action"), NotNull] public string Action { get; set; } = "connect";
    [Column("target")] public string? Target { get; set; }
    [Column("announcement_id")] public string? AnnouncementId { get; set; }
    [Column("record")] public bool Record { get; set; } = true;
    [Column("early_media")] public bool EarlyMedia { get; set; }
    [Column("beep_interval_seconds")] public int BeepIntervalSeconds { get; set; }
    [Column("ring_timeout_seconds")] public int RingTimeoutSeconds { get; set; } = 60;
    [Column("updated_by"), NotNull] public string UpdatedBy { get; set; } = "";
    [Column("updated_at")] public long UpdatedAtMs { get; set; }
}
