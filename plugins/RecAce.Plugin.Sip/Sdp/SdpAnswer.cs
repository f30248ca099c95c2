using System.Globalization;
using System.Net;
using System.Text;

namespace RecAce.Plugin.Sip.Sdp;

/// <summary>Writes the recorder's answer: every accepted stream recvonly on our port, the rest rejected with port 0.</summary>
internal static class SdpAnswer
{
    /// <summary>One answered m-line: the local port (0 to reject) and the payload types accepted.</summary>
    public sealed record AnsweredMedia(SdpMedia Offer, int Port, IReadOnlyDictionary<int, string>? Accepted);

    public static byte[] Write(IPAddress local, long sessionId, long version, IReadOnlyList<AnsweredMedia> media)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(media);
        var family = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var sdp = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sdp.Append("v=0\r\n");
        sdp.Append(inv, $"o=RecAce {sessionId} {version} IN {family} {local}\r\n");
        sdp.Append("s=RecAce\r\n");
        sdp.Append(inv, $"c=IN {family} {local}\r\n");
        sdp.Append("t=0 0\r\n");
        foreach (var m in media)
        {
            if (m.Port == 0 || m.Accepted is null)
            {
                // A rejected stream keeps its place and one of the offered formats (RFC 3264 section 6).
                var format = m.Offer.PayloadTypes.Count > 0 ? m.Offer.PayloadTypes[0].ToString(inv) : "0";
                sdp.Append(inv, $"m={m.Offer.Type} 0 {m.Offer.Protocol} {format}\r\n");
                continue;
            }

            sdp.Append(inv, $"m=audio {m.Port} {m.Offer.Protocol} {string.Join(' ', m.Accepted.Keys)}\r\n");
            foreach (var (pt, name) in m.Accepted)
            {
                var rate = m.Offer.Formats[pt].ClockRate;
                sdp.Append(inv, $"a=rtpmap:{pt} {(name == MediaFormat.TelephoneEvent ? "telephone-event" : name)}/{rate}\r\n");
                if (name == MediaFormat.TelephoneEvent) sdp.Append(inv, $"a=fmtp:{pt} 0-15\r\n");
            }

            if (m.Offer.Label is not null) sdp.Append(inv, $"a=label:{m.Offer.Label}\r\n");
            sdp.Append("a=recvonly\r\n");
        }

        return Encoding.UTF8.GetBytes(sdp.ToString());
    }
}
