using RecAce.Data.Integrity;

namespace RecAce.Core.Evidence.Packages;

/// <summary>
/// <c>metadata.json</c>: the call as people read it (JST times) and, under <c>fingerprint</c>,
/// exactly the fields whose digest the chain entry holds.
/// </summary>
public sealed record PackageMetadata(
    string Format,
    Guid CallId,
    string RecordingFile,
    string RecordingSha256,
    string RecordingFormat,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    long? DurationMs,
    string Direction,
    string? OutsideNumber,
    string? OutsideName,
    string? StaffExtension,
    string? StaffName,
    string AdapterId,
    DateTimeOffset ExportedAt,
    string ExportedBy,
    string Reason,
    CallFingerprint Fingerprint)
{
    public const string CurrentFormat = "recace-evidence-v1";
}
