namespace RecAce.Core.Retention;

/// <summary>
/// Which retention applies to one call and when its recording is due for deletion.
/// <see cref="Policy"/> names the rule ("default", "number 0312345678*", "department 福祉課", "line sip").
/// </summary>
public sealed record RetentionDecision(string Policy, int Days, DateTimeOffset DeleteAfter, bool LegalHold);
