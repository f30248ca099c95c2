using Microsoft.Extensions.Logging;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// Stands between the relay and the call's recording so that a recording failure (spool disk
/// unwritable, pipeline error) never reaches the relay: the first failure is logged and reported
/// to the adapter's health, recording stops for this call, and the audio keeps flowing.
/// </summary>
internal sealed class RecordingGuard(string callId, Action<string> reportFailure, ILogger logger)
{
    private volatile ICallRecording? _recording;
    private volatile bool _failed;
    private long _dropped;

    public ICallRecording? Recording => _recording;

    public bool Failed => _failed;

    /// <summary>Whether a packet would be written now (a recording is open and has not failed).</summary>
    public bool Writing => _recording is not null && !_failed;

    /// <summary>Packets not recorded because the recording threads were behind.</summary>
    public long DroppedPackets => Interlocked.Read(ref _dropped);

    /// <summary>Counts a packet the recording threads had no room for; the first is logged.</summary>
    public void Dropped()
    {
        if (Interlocked.Increment(ref _dropped) == 1)
            logger.LogWarning("Relayed SIP call {CallId}: the recording is behind, packets are left out of it (gaps) so the relay is not delayed", callId);
    }

    public void Attach(ICallRecording recording) => _recording = recording;

    public void Write(string legId, in AudioFrame frame)
    {
        if (_recording is not { } recording || _failed) return;
        try
        {
            recording.Write(legId, frame);
        }
        catch (ObjectDisposedException)
        {
            // Closed while this packet was in flight.
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    public void AddDtmf(string legId, DtmfEvent dtmf)
    {
        if (_recording is not { } recording || _failed) return;
        try
        {
            recording.AddDtmf(legId, dtmf);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile.
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    public async Task CloseAsync(CallEndReason reason)
    {
        var recording = _recording;
        _recording = null;
        if (recording is null) return;
        try
        {
            await recording.CloseAsync(reason, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    public void Fail(Exception ex)
    {
        if (_failed) return;
        _failed = true;
        logger.LogError(ex, "Recording of relayed SIP call {CallId} failed; the call stays connected without recording", callId);
        reportFailure($"{ex.GetType().Name}: {ex.Message}");
    }
}
