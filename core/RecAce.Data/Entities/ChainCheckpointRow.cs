using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A signed statement of the chain's head at one time, optionally with an RFC 3161 time-stamp.</summary>
[Table("integrity_checkpoints")]
public sealed class ChainCheckpointRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    /// <summary>The sequence number of the newest entry covered.</summary>
    [Column("seq")] public long Sequence { get; set; }
    [Column("head_hash"), NotNull] public string HeadHash { get; set; } = "";
    [Column("at")] public long AtMs { get; set; }
    /// <summary>ECDSA P-256 / SHA-256 signature (DER) of the checkpoint's canonical text, base64.</summary>
    [Column("signature"), NotNull] public string Signature { get; set; } = "";
    /// <summary>SHA-256 of the signing key's SubjectPublicKeyInfo, lower-case hex.</summary>
    [Column("key_id"), NotNull] public string KeyId { get; set; } = "";
    /// <summary>The RFC 3161 time-stamp token (DER, base64) over the same text; null without a TSA.</summary>
    [Column("timestamp_token")] public string? TimestampToken { get; set; }
}
