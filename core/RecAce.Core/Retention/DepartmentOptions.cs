namespace RecAce.Core.Retention;

/// <summary>One department in configuration: its name and extensions ("200-249, 301").</summary>
public sealed class DepartmentOptions
{
    public string Name { get; set; } = "";

    /// <summary>Comma-separated single extensions or numeric ranges "from-to" (inclusive).</summary>
    public string Extensions { get; set; } = "";
}
