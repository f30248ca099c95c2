using System.Globalization;
using System.Net;
using System.Text;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>The SDP the relay sends: one audio m-line on our port for each side.</summary>
internal static class RelaySdp
{
    private const int TelephoneEventType = 101;

    /// <summary>An answer to a side: the format chosen from its offer, in the direction given.</summary>
    public static byte[] Answer(IPAddress local, long sessionId, long version, int port, SideFormat format, string direction) =>
        Write(local, sessionId, version, port, [(format.PayloadType, format.Name)], format.TelephoneEvent, direction);

    /// <summary>An offer to the target: the caller's codec first (no transcoding if taken), then the others we can relay.</summary>
    public static byte[] Offer(IPAddress local, long sessionId, long version, int port, AudioCodec preferred, string direction)
    {
        var all = new List<(int, string)> { (0, "PCMU"), (8, "PCMA"), (9, "G722") };
        var first = all.Single(f => f.Item1 == (int)preferred);
        all.Remove(first);
        all.Insert(0, first);
        return Write(local, sessionId, version, port, all, TelephoneEventType, direction);
    }

    private static byte[] Write(IPAddress local, long sessionId, long version, int port, IReadOnlyList<(int Type, string Name)> formats, int? telephoneEvent, string direction)
    {
        var inv = CultureInfo.InvariantCulture;
        var family = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var sdp = new StringBuilder();
        sdp.Append("v=0\r\n");
        sdp.Append(inv, $"o=RecAce {sessionId} {version} IN {family} {local}\r\n");
        sdp.Append("s=RecAce\r\n");
        sdp.Append(inv, $"c=IN {family} {local}\r\n");
        sdp.Append("t=0 0\r\n");
        var types = formats.Select(f => f.Type.ToString(inv)).ToList();
        if (telephoneEvent is { } te) types.Add(te.ToString(inv));
        sdp.Append(inv, $"m=audio {port} RTP/AVP {string.Join(' ', types)}\r\n");
        foreach (var (type, name) in formats) sdp.Append(inv, $"a=rtpmap:{type} {name}/8000\r\n");
        if (telephoneEvent is { } t)
        {
            sdp.Append(inv, $"a=rtpmap:{t} telephone-event/8000\r\n");
            sdp.Append(inv, $"a=fmtp:{t} 0-15\r\n");
        }

        sdp.Append("a=ptime:20\r\n");
        sdp.Append(inv, $"a={direction}\r\n");
        return Encoding.UTF8.GetBytes(sdp.ToString());
    }

    /// <summary>The direction to answer an offer with (RFC 3264 section 6.1).</summary>
    public static string Reverse(string offered) => offered switch
    {
        "sendonly" => "recvonly",
        "recvonly" => "sendonly",
        "inactive" => "inactive",
        _ => "sendrecv",
    };

    /// <summary>An offer's direction, counting the old hold form (c=0.0.0.0) as sendonly.</summary>
    public static string DirectionOf(Sdp.SdpMedia media) =>
        media.Address is { } a && a.Equals(IPAddress.Any) && media.Direction == "sendrecv" ? "sendonly" : media.Direction;
}
