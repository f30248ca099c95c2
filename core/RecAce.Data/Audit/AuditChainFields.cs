namespace RecAce.Data.Audit;

/// <summary>The fields of an audit row that its hash covers.</summary>
public sealed record AuditChainFields(long Id, long AtMs, string Actor, string Action, string? Target, string? Detail, string? RemoteAddress);
