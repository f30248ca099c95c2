namespace RecAce.Core.Storage.Recordings;

/// <summary>The recording store failed or returned bytes that do not match the sealed hash.</summary>
/// <remarks>An <see cref="IOException"/>, so callers that retry on I/O failures retry on these too.</remarks>
public sealed class RecordingStoreException : IOException
{
    public RecordingStoreException() { }

    public RecordingStoreException(string message) : base(message) { }

    public RecordingStoreException(string message, Exception inner) : base(message, inner) { }
}
