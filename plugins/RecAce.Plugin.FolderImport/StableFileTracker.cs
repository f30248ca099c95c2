namespace RecAce.Plugin.FolderImport;

/// <summary>
/// Decides when a file is complete: its size and modification time (and those of its sidecar)
/// have not changed for a given time. Recorders give no other signal that they have finished.
/// Not thread safe; used by the scan loop only.
/// </summary>
internal sealed class StableFileTracker
{
    private readonly TimeSpan _stableFor;
    private readonly Dictionary<string, (FileState State, DateTimeOffset Since)> _seen = new(StringComparer.Ordinal);

    public StableFileTracker(TimeSpan stableFor) => _stableFor = stableFor;

    /// <summary>Records what the file looks like now and says whether it has stayed so long enough.</summary>
    public bool IsStable(string path, FileState state, DateTimeOffset now)
    {
        if (_seen.TryGetValue(path, out var seen) && seen.State == state)
            return now - seen.Since >= _stableFor;
        _seen[path] = (state, now);
        return false;
    }

    /// <summary>Forgets a file, so it must be seen unchanged for the whole time again.</summary>
    public void Forget(string path) => _seen.Remove(path);

    /// <summary>Forgets files that are gone.</summary>
    public void RetainOnly(IReadOnlyCollection<string> present)
    {
        var set = present as ISet<string> ?? new HashSet<string>(present, StringComparer.Ordinal);
        foreach (var path in _seen.Keys.Where(p => !set.Contains(p)).ToList())
            _seen.Remove(path);
    }
}

/// <summary>Size and modification time of a recording and its sidecar.</summary>
internal readonly record struct FileState(long Length, DateTime LastWriteUtc, long SidecarLength, DateTime SidecarLastWriteUtc)
{
    /// <summary>Reads the state now; null when the file is gone.</summary>
    public static FileState? Read(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            return null;
        var sidecarPath = SidecarReader.Find(path);
        var sidecar = sidecarPath is null ? null : new FileInfo(sidecarPath);
        return new FileState(
            file.Length,
            file.LastWriteTimeUtc,
            sidecar?.Length ?? -1,
            sidecar?.LastWriteTimeUtc ?? DateTime.MinValue);
    }
}
