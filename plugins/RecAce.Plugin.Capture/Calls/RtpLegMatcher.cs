using RecAce.Plugin.Capture.Net;

namespace RecAce.Plugin.Capture.Calls;

/// <summary>
/// Finds the call and sending party of an RTP packet from its addresses and ports: SDP tells where each
/// party receives, so a packet sent to that endpoint comes from the other party; with symmetric RTP a
/// packet sent from it comes from that party. SSRCs are never used: different calls may share one.
/// </summary>
internal sealed class RtpLegMatcher
{
    private readonly Dictionary<MediaEndpoint, (SipCall Call, Party Receiver)> _receivers = [];

    public int Count => _receivers.Count;

    /// <summary>Records that <paramref name="receiver"/> of <paramref name="call"/> receives RTP at <paramref name="endpoint"/>.
    /// The latest SDP wins: a port reused by a newer call moves to it.</summary>
    public void Register(SipCall call, Party receiver, MediaEndpoint endpoint)
    {
        _receivers[endpoint] = (call, receiver);
        call.Endpoints.Add(endpoint);
    }

    public void Unregister(SipCall call)
    {
        foreach (var endpoint in call.Endpoints)
        {
            if (_receivers.TryGetValue(endpoint, out var entry) && ReferenceEquals(entry.Call, call))
                _receivers.Remove(endpoint);
        }
        call.Endpoints.Clear();
    }

    public bool TryMatch(MediaEndpoint source, MediaEndpoint destination, out SipCall call, out Party sender)
    {
        if (_receivers.TryGetValue(destination, out var entry))
        {
            call = entry.Call;
            sender = SipCall.Other(entry.Receiver);
            return true;
        }
        if (_receivers.TryGetValue(source, out entry))
        {
            call = entry.Call;
            sender = entry.Receiver;
            return true;
        }
        call = null!;
        sender = default;
        return false;
    }
}
