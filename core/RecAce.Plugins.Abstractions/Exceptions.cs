namespace RecAce.Plugins;

/// <summary>Thrown by <see cref="ICallSink.OpenCallAsync"/> when a call with the same source digest exists.</summary>
public sealed class DuplicateSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DuplicateSourceException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DuplicateSourceException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DuplicateSourceException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception naming the call that already holds the source.</summary>
    /// <param name="existingCallId">The call that already holds the source.</param>
    public DuplicateSourceException(Guid existingCallId)
        : base($"This source was already recorded as call {existingCallId}.") => ExistingCallId = existingCallId;

    /// <summary>The call that already holds the source, or <see cref="Guid.Empty"/> when not known.</summary>
    public Guid ExistingCallId { get; }
}

/// <summary>Thrown by <see cref="ICallSink.OpenCallAsync"/> when the host cannot record now.</summary>
public sealed class RecordingRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RecordingRefusedException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why recording was refused.</param>
    public RecordingRefusedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">Why recording was refused.</param>
    /// <param name="innerException">The cause.</param>
    public RecordingRefusedException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Thrown by <see cref="IAudioFileDecoder"/> when a file cannot be read as audio.</summary>
public sealed class AudioDecodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AudioDecodeException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the file could not be decoded.</param>
    public AudioDecodeException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">Why the file could not be decoded.</param>
    /// <param name="innerException">The cause.</param>
    public AudioDecodeException(string message, Exception innerException) : base(message, innerException) { }
}
