using System.Net;
using System.Net.Sockets;
using RecAce.Plugin.Sip.Sdp;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// One side of the relay (caller or target): our RTP socket for it, where its RTP comes from and
/// goes to, and the formats agreed with it.
/// </summary>
internal sealed class RelaySide(Socket socket, string legId)
{
    public Socket Socket { get; } = socket;

    public int Port { get; } = ((IPEndPoint)socket.LocalEndPoint!).Port;

    /// <summary>The recording leg this side's audio goes to.</summary>
    public string LegId { get; } = legId;

    public RtpStreamWriter Writer { get; } = new(socket);

    /// <summary>The voice codec agreed with this side, and its payload type.</summary>
    public volatile SideFormat? Format;

    /// <summary>Addresses RTP is accepted from (the SDP's and the signalling peer's).</summary>
    public volatile IPAddress[] Sources = [];

    public long Received;

    /// <summary>When the last packet from this side arrived (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long LastPacket;

    /// <summary>Whether this side's last offer or answer put the media on hold (not sendrecv).</summary>
    public volatile bool OnHold;

    public long Ignored;

    /// <summary>Applies an SDP (offer or answer) from this side.</summary>
    public void Apply(SdpMedia media, IPAddress signallingPeer, SideFormat format)
    {
        Format = format;
        OnHold = media.Direction != "sendrecv" || (media.Address is { } held && held.Equals(IPAddress.Any));
        var address = media.Address ?? signallingPeer;
        Sources = address.Equals(IPAddress.Any) || address.Equals(signallingPeer) ? [signallingPeer] : [address, signallingPeer];
        // sendonly from the peer means it will not receive: keep sending anyway is harmless, but an
        // old-style hold (c=0.0.0.0) or port 0 means there is nowhere to send.
        Writer.Remote = new IPEndPoint(address, media.Port);
    }
}

/// <summary>What was agreed with one side: the voice codec and payload type, and telephone-event's payload type if any.</summary>
internal sealed record SideFormat(AudioCodec Codec, int PayloadType, int? TelephoneEvent)
{
    public string Name => Codec switch { AudioCodec.Pcmu => "PCMU", AudioCodec.Pcma => "PCMA", _ => "G722" };

    /// <summary>The first voice codec we can relay in an offer or answer, with telephone-event if present.</summary>
    public static SideFormat? Choose(SdpMedia media)
    {
        if (MediaFormat.Accepted(media) is null) return null;
        int? te = null;
        foreach (var pt in media.PayloadTypes)
        {
            if (media.Formats.TryGetValue(pt, out var f) && f.Name == MediaFormat.TelephoneEvent && f.ClockRate == 8000) te = pt;
        }

        foreach (var pt in media.PayloadTypes)
        {
            if (media.Formats.TryGetValue(pt, out var f) && MediaFormat.Codec(f.Name) is { } codec) return new SideFormat(codec, pt, te);
        }

        return null;
    }
}
