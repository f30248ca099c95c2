namespace RecAce.Plugin.FolderImport;

/// <summary>Figures shown in the adapter's health. Thread safe.</summary>
internal sealed class ImportCounters
{
    private long _imported;
    private long _failed;
    private long _duplicates;
    private long _pending;

    public void CountImported() => Interlocked.Increment(ref _imported);

    public void CountFailed() => Interlocked.Increment(ref _failed);

    public void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    public void SetPending(long pending) => Interlocked.Exchange(ref _pending, pending);

    public Dictionary<string, object> Snapshot() => new(StringComparer.Ordinal)
    {
        ["imported"] = Interlocked.Read(ref _imported),
        ["failed"] = Interlocked.Read(ref _failed),
        ["duplicates"] = Interlocked.Read(ref _duplicates),
        ["pending"] = Interlocked.Read(ref _pending),
    };
}
