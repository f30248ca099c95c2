namespace RecAce.Plugins;

/// <summary>
/// One call being recorded. Obtained from <see cref="ICallSink.OpenCallAsync"/>.
/// </summary>
/// <remarks>
/// Thread safety: <see cref="Write"/> may be called concurrently for different legs; calls for
/// the same leg must not overlap (one receive loop per leg is the usual shape). Disposing
/// without <see cref="CloseAsync"/> closes with <see cref="CallEndReason.Unknown"/>.
/// </remarks>
public interface ICallRecording : IAsyncDisposable
{
    /// <summary>The id the core gave the call; stable for the call's life and in the REST API.</summary>
    Guid CallId { get; }

    /// <summary>
    /// Adds a leg (one direction of audio) to the call. Legs named in <see cref="CallInfo.Legs"/>
    /// exist already.
    /// </summary>
    /// <param name="leg">The leg; its <see cref="LegInfo.LegId"/> must be new for this call.</param>
    /// <exception cref="ArgumentException">The leg id is already used.</exception>
    void AddLeg(LegInfo leg);

    /// <summary>
    /// Writes one frame of audio to a leg. Never blocks on disk for long: the frame is decoded,
    /// reordered within the jitter window (default 60 ms) and appended to the leg's spool.
    /// Malformed payloads are counted and dropped, never thrown.
    /// </summary>
    /// <param name="legId">A leg id given in <see cref="CallInfo.Legs"/> or <see cref="AddLeg"/>.</param>
    /// <param name="frame">The frame. Its payload is copied before this returns.</param>
    /// <exception cref="ArgumentException">The leg is unknown.</exception>
    /// <exception cref="ObjectDisposedException">The recording is closed.</exception>
    void Write(string legId, in AudioFrame frame);

    /// <summary>
    /// Records a key press on a leg. Stored with the call and shown with its time. Call it once
    /// per key press (for RFC 4733, at the end-of-event packet, not for every retransmission).
    /// </summary>
    /// <param name="legId">The leg the key was pressed on.</param>
    /// <param name="dtmf">The key and its time.</param>
    /// <remarks>
    /// Added in contract 1.1. The default body does nothing, so a vendor's own test double written
    /// against 1.0 still compiles and loads; the host's recording overrides it.
    /// </remarks>
    /// <exception cref="ArgumentException">The leg is unknown or the digit is not a DTMF key.</exception>
    void AddDtmf(string legId, DtmfEvent dtmf)
    {
    }

    /// <summary>
    /// Adds or replaces metadata learned during the call (a display name from a re-INVITE, a
    /// transfer target). Null properties of <paramref name="update"/> leave values as they are.
    /// </summary>
    /// <param name="update">The values to set.</param>
    void UpdateMetadata(CallMetadataUpdate update);

    /// <summary>
    /// Ends the call: the remaining audio is flushed and the call is queued for finalization
    /// (stereo encode, hash, store). Calling it twice has no further effect.
    /// </summary>
    /// <param name="reason">Why the call ended.</param>
    /// <param name="cancellationToken">Cancels waiting for the flush; the call is closed regardless.</param>
    ValueTask CloseAsync(CallEndReason reason, CancellationToken cancellationToken = default);
}
