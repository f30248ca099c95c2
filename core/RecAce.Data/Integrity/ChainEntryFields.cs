namespace RecAce.Data.Integrity;

/// <summary>The fields of an integrity chain entry that its hash covers.</summary>
/// <param name="Sequence">1, 2, 3... without gaps.</param>
/// <param name="AtMs">When the entry was written (Unix ms, UTC).</param>
/// <param name="Kind">What happened: see <see cref="ChainEntryKind"/>.</param>
/// <param name="CallId">The call the entry is about.</param>
/// <param name="RecordingSha256">The recording's SHA-256 (lower-case hex); null for a call without a recording.</param>
/// <param name="MetadataDigest">The call's <see cref="CallFingerprint.Digest"/>.</param>
/// <param name="Detail">Why (a deletion's reason); null for a seal.</param>
public sealed record ChainEntryFields(long Sequence, long AtMs, string Kind, Guid CallId, string? RecordingSha256, string MetadataDigest, string? Detail);
