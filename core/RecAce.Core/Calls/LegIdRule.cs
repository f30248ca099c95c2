namespace RecAce.Core.Calls;

/// <summary>Leg ids end up in file names and logs: keep them short and plain.</summary>
internal static class LegIdRule
{
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
