using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A call linked to an incident (the call it was opened from is linked too).</summary>
[Table("incident_calls")]
public sealed class IncidentCallRow
{
    [Column("incident_id")] public Guid IncidentId { get; set; }
    [Column("call_id")] public Guid CallId { get; set; }
    [Column("linked_by"), NotNull] public string LinkedBy { get; set; } = "";
    [Column("linked_at")] public long LinkedAtMs { get; set; }
}
