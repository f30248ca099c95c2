using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A retention policy saved in the admin. Configuration may hold more (<c>RecAce:Retention:Policies</c>).</summary>
[Table("retention_policies")]
public sealed class RetentionPolicyRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("kind")] public RetentionRuleKind Kind { get; set; }
    /// <summary>The outside number (or prefix ending in '*'), the department name, or the line (adapter id).</summary>
    [Column("match"), NotNull] public string Match { get; set; } = "";
    [Column("days")] public int Days { get; set; }
    /// <summary>An administrator confirmed a period shorter than the configured floor.</summary>
    [Column("below_floor_allowed")] public bool BelowFloorAllowed { get; set; }
    [Column("note")] public string? Note { get; set; }
    [Column("updated_by"), NotNull] public string UpdatedBy { get; set; } = "";
    [Column("updated_at")] public long UpdatedAtMs { get; set; }
}

/// <summary>What a retention rule matches. The most specific match wins: number, then department, then line.</summary>
public enum RetentionRuleKind
{
    /// <summary>The line the call came in on, as the call row names it: the adapter id.</summary>
    Line = 0,

    /// <summary>The staff extension's department.</summary>
    Department = 1,

    /// <summary>The outside party's number, exactly or by a prefix ending in '*'.</summary>
    Number = 2,
}
