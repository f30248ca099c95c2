using System.Text.Json;
using RecAce.Data.Entities;
using RecAce.Data.Integrity;

namespace RecAce.Core.Evidence.Packages;

/// <summary>
/// The chain proof in an evidence package (<c>chain/proof.json</c>): the recording's entry, every
/// entry after it up to a signed checkpoint, and the checkpoint. Each entry's hash can be
/// recomputed from its fields (<see cref="ChainHash"/>), so the links lead from the recording's
/// SHA-256 to the signed head.
/// </summary>
public sealed record ChainProof(string Format, Guid CallId, IReadOnlyList<ProofEntry> Entries, ProofCheckpoint Checkpoint)
{
    public const string CurrentFormat = "recace-chain-proof-v1";

    /// <summary>The JSON form of every file in a package: camelCase, indented, Japanese written as characters.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };
}

/// <summary>One chain entry with all the fields its hash covers.</summary>
public sealed record ProofEntry(long Sequence, long AtMs, string Kind, Guid CallId, string? RecordingSha256, string MetadataDigest, string? Detail, string PrevHash, string Hash)
{
    public static ProofEntry From(ChainEntryRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Sequence, r.AtMs, r.Kind, r.CallId, r.RecordingSha256, r.MetadataDigest, r.Detail, r.PrevHash, r.Hash);
    }

    public ChainEntryFields Fields() => new(Sequence, AtMs, Kind, CallId, RecordingSha256, MetadataDigest, Detail);
}

/// <summary>The signed checkpoint: signature (DER, base64) over <see cref="CheckpointText"/>; the RFC 3161 token when there is one.</summary>
public sealed record ProofCheckpoint(long Id, long Sequence, string HeadHash, long AtMs, string KeyId, string Signature, string? TimestampToken)
{
    public static ProofCheckpoint From(ChainCheckpointRow c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Id, c.Sequence, c.HeadHash, c.AtMs, c.KeyId, c.Signature, c.TimestampToken);
    }

    public byte[] SignedBytes() => CheckpointText.Bytes(Sequence, HeadHash, AtMs, KeyId);
}
