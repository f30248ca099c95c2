namespace RecAce.Plugins;

/// <summary>
/// Where an adapter hands calls to the core. Thread safety: every member may be called
/// concurrently from any thread.
/// </summary>
public interface ICallSink
{
    /// <summary>
    /// Opens a call. The returned recording is written to until it is closed; its spool is on
    /// disk from this moment, so a host crash after this point loses at most the last second.
    /// </summary>
    /// <param name="call">What is known of the call now; more can be added with
    /// <see cref="ICallRecording.UpdateMetadata"/>.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <exception cref="DuplicateSourceException">
    /// <see cref="CallInfo.SourceDigest"/> is set and a call with the same digest exists.</exception>
    /// <exception cref="RecordingRefusedException">The host cannot record now (spool disk full, shutting down).</exception>
    ValueTask<ICallRecording> OpenCallAsync(CallInfo call, CancellationToken cancellationToken);
}
