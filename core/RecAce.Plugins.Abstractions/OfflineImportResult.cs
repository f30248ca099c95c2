namespace RecAce.Plugins;

/// <summary>The outcome of one <see cref="IOfflineImporter.ImportAsync"/>.</summary>
/// <param name="PacketsRead">Packets (frames) read from the file.</param>
/// <param name="CallsOpened">Calls handed to the call sink, whether connected or failed.</param>
/// <param name="Errors">Packets or records that could not be decoded (malformed, truncated, absurd lengths).</param>
/// <param name="Counters">Per-category counters, such as <c>sip.messages</c>, <c>rtp.matched</c> or
/// <c>ip.badChecksum</c>; names are the importer's own and stable for one importer.</param>
public sealed record OfflineImportResult(
    long PacketsRead,
    int CallsOpened,
    long Errors,
    IReadOnlyDictionary<string, long> Counters);
