namespace RecAce.Core.Evidence;

/// <summary>The outcome of one verification.</summary>
/// <param name="Problems">One line per call (or per chain problem not tied to a call), in English, for logs and the CLI.</param>
public sealed record IntegrityReport(bool Intact, long CallsChecked, long EntriesChecked, IReadOnlyList<string> Problems, TimeSpan Duration);
