namespace RecAce.Core;

/// <summary>Text from the network is cut to the column's length before it is stored, never rejected.</summary>
internal static class TextLimit
{
    public static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
