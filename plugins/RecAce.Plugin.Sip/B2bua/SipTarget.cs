using System.Globalization;
using System.Net;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>Where a SIP URI sends requests: its host (an IP address; no DNS lookups in the call path) and port.</summary>
internal static class SipTarget
{
    public static bool TryParse(string uri, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (!uri.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) return false;
        var rest = uri[4..];
        var at = rest.LastIndexOf('@');
        if (at >= 0) rest = rest[(at + 1)..];
        var semi = rest.IndexOf(';', StringComparison.Ordinal);
        if (semi >= 0) rest = rest[..semi];
        string host;
        var port = 5060;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return false;
            host = rest[1..close];
            if (rest.Length > close + 1 && (rest[close + 1] != ':' || !int.TryParse(rest[(close + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))) return false;
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
            if (colon >= 0 && !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port)) return false;
        }

        if (!IPAddress.TryParse(host, out var address) || port is < 1 or > 65535) return false;
        endPoint = new IPEndPoint(address, port);
        return true;
    }
}
