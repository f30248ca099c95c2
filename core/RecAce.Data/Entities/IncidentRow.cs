using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A harassment incident recorded on a call. Times are Unix milliseconds (UTC).</summary>
[Table("incidents")]
public sealed class IncidentRow
{
    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    /// <summary>The call the incident was opened from.</summary>
    [Column("call_id")] public Guid CallId { get; set; }
    /// <summary>Comma-separated category codes (see the core's IncidentCategory).</summary>
    [Column("categories"), NotNull] public string Categories { get; set; } = "";
    [Column("status")] public int Status { get; set; }
    /// <summary>Lawyer (1) or police (2) once escalated.</summary>
    [Column("escalated_to")] public int? EscalatedTo { get; set; }
    [Column("summary"), NotNull] public string Summary { get; set; } = "";
    /// <summary>Copied from the call so the caller history and reports need no join.</summary>
    [Column("outside_number")] public string? OutsideNumber { get; set; }
    [Column("staff_extension")] public string? StaffExtension { get; set; }
    /// <summary>When the call started: the month an incident counts in.</summary>
    [Column("occurred_at")] public long OccurredAtMs { get; set; }
    [Column("created_by"), NotNull] public string CreatedBy { get; set; } = "";
    [Column("created_at")] public long CreatedAtMs { get; set; }
    [Column("updated_at")] public long UpdatedAtMs { get; set; }
}
