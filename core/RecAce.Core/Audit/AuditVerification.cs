namespace RecAce.Core.Audit;

/// <summary>The outcome of checking the audit chain.</summary>
/// <param name="Intact">True when every row's hash and link match and the head matches the head file.</param>
/// <param name="Checked">Rows checked.</param>
/// <param name="BrokenAtId">The first row whose hash or link does not match; null when intact or when rows are missing at the end.</param>
/// <param name="Problem">What is wrong, in English, for logs and the CLI; null when intact.</param>
public sealed record AuditVerification(bool Intact, long Checked, long? BrokenAtId, string? Problem);
