using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport;

/// <summary>What a recording's file name tells about its call. Every part may be missing.</summary>
/// <param name="Direction">Direction from the name's prefix, or <see cref="CallDirection.Unknown"/>.</param>
/// <param name="OutsideNumber">The outside party's number, or null.</param>
/// <param name="StaffExtension">The staff member's extension, or null.</param>
/// <param name="StartedAt">When the call started, or null when the name carries no valid time.</param>
/// <param name="UniqueId">The PBX's id of the call (Asterisk UNIQUEID), or null.</param>
public sealed record RecordingName(
    CallDirection Direction,
    string? OutsideNumber,
    string? StaffExtension,
    DateTimeOffset? StartedAt,
    string? UniqueId)
{
    /// <summary>A name that told nothing.</summary>
    public static RecordingName Unknown { get; } = new(CallDirection.Unknown, null, null, null, null);
}
