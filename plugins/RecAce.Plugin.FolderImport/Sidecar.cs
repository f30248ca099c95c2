using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport;

/// <summary>
/// Metadata from a JSON file next to a recording (<c>x.wav</c> and <c>x.json</c>). Values given
/// here override what the file name says; null means "not given".
/// </summary>
/// <param name="Direction">The call's direction, or null.</param>
/// <param name="OutsideNumber">The outside party's number, or null.</param>
/// <param name="OutsideName">The outside party's name, or null.</param>
/// <param name="StaffExtension">The staff member's extension, or null.</param>
/// <param name="StaffName">The staff member's name, or null.</param>
/// <param name="StartedAt">When the call started, or null.</param>
/// <param name="CallId">The PBX's id of the call, or null.</param>
/// <param name="Extra">Free-form values; empty when none.</param>
public sealed record Sidecar(
    CallDirection? Direction,
    string? OutsideNumber,
    string? OutsideName,
    string? StaffExtension,
    string? StaffName,
    DateTimeOffset? StartedAt,
    string? CallId,
    IReadOnlyDictionary<string, string> Extra);
