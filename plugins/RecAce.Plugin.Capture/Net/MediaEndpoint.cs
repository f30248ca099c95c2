namespace RecAce.Plugin.Capture.Net;

/// <summary>An address and UDP/TCP port: the key RTP is matched on (never the SSRC alone).</summary>
internal readonly record struct MediaEndpoint(IpAddressKey Address, ushort Port)
{
    public override string ToString() => $"{Address}:{Port}";
}
