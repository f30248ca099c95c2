namespace RecAce.Core.Transcription.Models;

/// <summary>A model file was refused; the message says why in words an administrator can act on.</summary>
public sealed class SpeechModelRejectedException : Exception
{
    public SpeechModelRejectedException() { }

    public SpeechModelRejectedException(string message) : base(message) { }

    public SpeechModelRejectedException(string message, Exception inner) : base(message, inner) { }
}
