namespace RecAce.Core.Storage.Recordings;

/// <summary>
/// Where sealed recordings live: a local or shared folder, or S3-compatible object storage. Keys are
/// the recording row's relative path (<c>recordings/yyyy/MM/dd/&lt;call&gt;.opus</c>). A stored recording
/// is never rewritten: <see cref="PutAsync"/> refuses to replace an existing key. Thread-safe.
/// </summary>
public interface IRecordingStore
{
    /// <summary><c>Folder</c> or <c>S3</c>.</summary>
    string Kind { get; }

    /// <summary>Where recordings are kept, for health and logs; never carries a secret.</summary>
    string Location { get; }

    /// <summary>
    /// Stores a copy of <paramref name="localFile"/> under <paramref name="key"/> unless the key exists.
    /// When it exists nothing is written and the existing recording's hash and size are returned, so a
    /// finalization retried after a crash adopts what the first attempt stored.
    /// </summary>
    Task<StoredRecording> PutAsync(string key, string localFile, CancellationToken ct);

    /// <returns>The size in bytes, or null when there is no such recording.</returns>
    Task<long?> SizeAsync(string key, CancellationToken ct);

    /// <returns>A seekable read-only stream (for HTTP Range and hashing), or null when there is no such recording.</returns>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>
    /// A local file for tools that need a path (ffmpeg). A store whose recordings are not local files
    /// downloads a temporary copy and checks it against <paramref name="sha256"/>; the copy goes when disposed.
    /// </summary>
    /// <returns>Null when there is no such recording.</returns>
    /// <exception cref="RecordingStoreException">The copy does not match <paramref name="sha256"/>, or the store failed.</exception>
    Task<LocalRecording?> OpenLocalAsync(string key, string sha256, CancellationToken ct);

    /// <returns>True when the recording existed and is now gone.</returns>
    Task<bool> DeleteAsync(string key, CancellationToken ct);
}

/// <summary>What a store holds under a key after <see cref="IRecordingStore.PutAsync"/>.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the stored bytes.</param>
/// <param name="SizeBytes">Stored size.</param>
/// <param name="AlreadyExisted">True when the key existed and nothing was written.</param>
public sealed record StoredRecording(string Sha256, long SizeBytes, bool AlreadyExisted);
