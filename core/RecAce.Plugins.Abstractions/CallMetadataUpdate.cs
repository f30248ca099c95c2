namespace RecAce.Plugins;

/// <summary>Metadata learned during a call. Null properties leave the stored value unchanged.</summary>
public sealed record CallMetadataUpdate
{
    /// <summary>New direction, or null.</summary>
    public CallDirection? Direction { get; init; }

    /// <summary>New outside number, or null.</summary>
    public string? OutsideNumber { get; init; }

    /// <summary>New outside display name, or null.</summary>
    public string? OutsideName { get; init; }

    /// <summary>New staff extension, or null.</summary>
    public string? StaffExtension { get; init; }

    /// <summary>New staff display name, or null.</summary>
    public string? StaffName { get; init; }

    /// <summary>Extra values to add or replace; null adds nothing.</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }
}
