namespace RecAce.Web.Review;

/// <summary>What reviewers recorded about a call: tags, notes, the review flag and the legal hold.</summary>
public sealed record CallReview(
    Guid CallId,
    IReadOnlyList<string> Tags,
    IReadOnlyList<CallNote> Notes,
    bool Flagged,
    string? FlagReason,
    bool LegalHold,
    string? LegalHoldReason,
    string? LegalHoldBy,
    DateTimeOffset? LegalHoldAt,
    DateTimeOffset? LegalHoldUntil);

/// <summary>One note, as shown.</summary>
public sealed record CallNote(string Author, DateTimeOffset At, string Text);
