namespace RecAce.Core.Audit;

/// <summary>Filters for searching the audit trail. Text fields match a part, case-insensitively for ASCII.</summary>
public sealed record AuditFilter
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? Actor { get; init; }
    public string? Action { get; init; }
    /// <summary>Part of the target or the detail (a call id, a user name...).</summary>
    public string? Text { get; init; }
}
