namespace RecAce.Core.Transcription;

/// <summary>A transcription run failed; the job records the message and retries with back-off.</summary>
public sealed class TranscriptionFailedException : Exception
{
    public TranscriptionFailedException() { }

    public TranscriptionFailedException(string message) : base(message) { }

    public TranscriptionFailedException(string message, Exception inner) : base(message, inner) { }
}
