namespace RecAce.Plugin.FolderImport;

/// <summary>How the import of one file ended, and so where the file goes.</summary>
/// <param name="Kind">The kind of outcome.</param>
/// <param name="Reason">One line for administrators (why it failed, what it duplicates), or null.</param>
/// <param name="CallId">The call the file became, when imported.</param>
public sealed record ImportOutcome(ImportOutcomeKind Kind, string? Reason = null, Guid? CallId = null)
{
    /// <summary>The file became a call.</summary>
    /// <param name="callId">The call's id.</param>
    /// <returns>The outcome.</returns>
    public static ImportOutcome Imported(Guid callId) => new(ImportOutcomeKind.Imported, null, callId);

    /// <summary>The file cannot become a call.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The outcome.</returns>
    public static ImportOutcome Failed(string reason) => new(ImportOutcomeKind.Failed, reason);

    /// <summary>The host already holds a call made from the same bytes.</summary>
    /// <param name="reason">Which call.</param>
    /// <returns>The outcome.</returns>
    public static ImportOutcome Duplicate(string reason) => new(ImportOutcomeKind.Duplicate, reason);

    /// <summary>The file cannot be imported now but may be later; it stays where it is.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The outcome.</returns>
    public static ImportOutcome Deferred(string reason) => new(ImportOutcomeKind.Deferred, reason);
}

/// <summary>Kinds of <see cref="ImportOutcome"/>.</summary>
public enum ImportOutcomeKind
{
    /// <summary>Imported; the file goes to <c>done/</c>.</summary>
    Imported,

    /// <summary>Refused; the file goes to <c>failed/</c> with a reason file.</summary>
    Failed,

    /// <summary>Already recorded; the file goes to <c>duplicate/</c> with a reason file.</summary>
    Duplicate,

    /// <summary>Left in place to be tried again.</summary>
    Deferred,
}
