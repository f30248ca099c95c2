using RecAce.Plugin.Capture.Net;

namespace RecAce.Plugin.Capture.Decode;

/// <summary>What identifies the fragments of one IP datagram (RFC 791 / RFC 8200).</summary>
internal readonly record struct FragmentKey(IpAddressKey Source, IpAddressKey Destination, uint Id, byte Protocol);
