namespace RecAce.Core.Transcription;

/// <summary>Schedules transcription of a finalized call (implemented with Quartz by the host).</summary>
public interface ITranscriptionQueue
{
    /// <param name="callId">A finalized call with a recording.</param>
    /// <param name="delay">How long to wait first; zero for now.</param>
    /// <param name="priority">Higher runs first when several are due; flagged calls use <see cref="TranscriptionPriority.Flagged"/>.</param>
    /// <param name="cancellationToken">Cancels scheduling.</param>
    Task EnqueueAsync(Guid callId, TimeSpan delay, int priority, CancellationToken cancellationToken);
}

/// <summary>Queue priorities.</summary>
public static class TranscriptionPriority
{
    public const int Normal = 5;
    public const int Flagged = 10;
}
