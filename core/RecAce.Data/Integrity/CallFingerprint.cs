using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RecAce.Data.Entities;

namespace RecAce.Data.Integrity;

/// <summary>
/// The fields of a call and its recording that the integrity chain vouches for. Review fields
/// (tags, flags, legal hold) are left out on purpose: they change during a call's life and are
/// covered by the audit trail instead.
/// </summary>
public sealed record CallFingerprint(
    Guid CallId,
    long StartedAtMs,
    long? EndedAtMs,
    long? DurationMs,
    int Direction,
    string? OutsideNumber,
    string? OutsideName,
    string? StaffExtension,
    string? StaffName,
    string? RecordingPath,
    long? RecordingSizeBytes)
{
    public static CallFingerprint From(CallRow call, RecordingRow? recording)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new(call.Id, call.StartedAtMs, call.EndedAtMs, call.DurationMs, call.Direction, call.OutsideNumber, call.OutsideName,
            call.StaffExtension, call.StaffName, recording?.Path, recording?.SizeBytes);
    }

    /// <summary>The canonical text: one length-prefixed field a line, so no two different calls share a text.</summary>
    public string CanonicalText()
    {
        var sb = new StringBuilder("recace-call-v1\n");
        foreach (var field in new[]
                 {
                     CallId.ToString("D"), Number(StartedAtMs), Number(EndedAtMs), Number(DurationMs), Number(Direction),
                     OutsideNumber, OutsideName, StaffExtension, StaffName, RecordingPath, Number(RecordingSizeBytes),
                 })
        {
            sb.Append(field is null ? "-1" : field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>SHA-256 of <see cref="CanonicalText"/>, lower-case hex.</summary>
    public string Digest() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText())));

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
