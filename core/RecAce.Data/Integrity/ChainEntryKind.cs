namespace RecAce.Data.Integrity;

/// <summary>The kinds of integrity chain entries.</summary>
public static class ChainEntryKind
{
    /// <summary>A recording was sealed by the finalizer.</summary>
    public const string Seal = "seal";

    /// <summary>A recording sealed before the chain existed was taken into it (upgrade), trusting the stored hash.</summary>
    public const string Enroll = "enroll";

    /// <summary>The retention sweep deleted the recording.</summary>
    public const string RetentionDelete = "delete.retention";

    /// <summary>A person deleted the recording.</summary>
    public const string ManualDelete = "delete.manual";

    public static bool IsDeletion(string kind) => kind.StartsWith("delete.", StringComparison.Ordinal);
}
