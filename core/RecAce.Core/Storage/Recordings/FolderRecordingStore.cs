namespace RecAce.Core.Storage.Recordings;

/// <summary>
/// Recordings as read-only files under a folder (the data folder unless <c>RecAce:Storage:Root</c>
/// names another, e.g. a share every node mounts). Files are moved into place with a rename that
/// fails when the target exists, so a sealed file is never replaced, even by two nodes at once.
/// </summary>
public sealed class FolderRecordingStore : IRecordingStore
{
    public FolderRecordingStore(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string Kind => nameof(RecordingStoreKind.Folder);

    public string Location => Root;

    /// <summary>The file a key names; never outside <see cref="Root"/>.</summary>
    public string FullPath(string key)
    {
        var full = Path.GetFullPath(Path.Combine(Root, RecordingKey.Check(key)));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new RecordingStoreException($"'{key}' leaves the recordings folder");
        return full;
    }

    public async Task<StoredRecording> PutAsync(string key, string localFile, CancellationToken ct)
    {
        var target = FullPath(key);
        if (File.Exists(target)) return await ExistingAsync(target, ct);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Copied beside the target first: the final step is a rename within one folder, which is atomic.
        var partial = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            File.Copy(localFile, partial);
            var (sha, size) = await RecordingHash.OfFileAsync(partial, ct);
            MakeReadOnly(partial);
            try
            {
                File.Move(partial, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                return await ExistingAsync(target, ct);
            }

            return new StoredRecording(sha, size, AlreadyExisted: false);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.SetAttributes(partial, FileAttributes.Normal);
                File.Delete(partial);
            }
        }
    }

    public Task<long?> SizeAsync(string key, CancellationToken ct)
    {
        var file = new FileInfo(FullPath(key));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = FullPath(key);
        if (!File.Exists(path)) return Task.FromResult<Stream?>(null);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <remarks>The stored file itself, not a copy: nothing to download, and the integrity job checks the hashes.</remarks>
    public Task<LocalRecording?> OpenLocalAsync(string key, string sha256, CancellationToken ct)
    {
        var path = FullPath(key);
        return Task.FromResult(File.Exists(path) ? new LocalRecording(path, temporary: false) : null);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken ct)
    {
        var path = FullPath(key);
        if (!File.Exists(path)) return Task.FromResult(false);
        File.SetAttributes(path, FileAttributes.Normal);
        File.Delete(path);
        return Task.FromResult(true);
    }

    private static async Task<StoredRecording> ExistingAsync(string path, CancellationToken ct)
    {
        var (sha, size) = await RecordingHash.OfFileAsync(path, ct);
        return new StoredRecording(sha, size, AlreadyExisted: true);
    }

    private static void MakeReadOnly(string path)
    {
        // A sealed recording is never rewritten; read-only guards against accidents, the hash against the rest.
        if (OperatingSystem.IsWindows()) File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.ReadOnly);
        else File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead);
    }
}
