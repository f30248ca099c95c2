namespace RecAce.Core.Transcription;

/// <summary>Turns channel audio into segments. The host's one is out of process (<see cref="Worker.TranscriptionWorkerClient"/>).</summary>
public interface ITranscriber
{
    /// <exception cref="TranscriptionFailedException">The run failed (crash, hang, bad model); retry later.</exception>
    Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, CancellationToken cancellationToken);
}
