namespace RecAce.Core.Storage.Recordings;

/// <summary>A recording as a local file; a temporary copy is deleted when this is disposed.</summary>
public sealed class LocalRecording : IDisposable, IAsyncDisposable
{
    public LocalRecording(string path, bool temporary)
    {
        Path = path;
        Temporary = temporary;
    }

    public string Path { get; }

    /// <summary>True for a downloaded copy, which disposing deletes; false for the stored file itself.</summary>
    public bool Temporary { get; }

    public void Dispose()
    {
        if (!Temporary) return;
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in the temporary folder; nothing depends on it and the next start's cleanup may take it.
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
