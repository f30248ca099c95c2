using System.Buffers.Binary;
using RecAce.Plugin.Capture.Net;

namespace RecAce.Plugin.Capture.Decode;

/// <summary>
/// Peels link layers and mirror tunnels off a captured frame down to UDP and TCP: Ethernet, Linux
/// SLL/SLL2, stacked 802.1Q/802.1ad VLAN tags, MPLS, PPPoE and PPP, IPv4/IPv6 (with fragment
/// reassembly and extension headers), IP-in-IP, GRE (incl. transparent Ethernet bridging and
/// enhanced GRE) and ERSPAN I/II/III.
/// </summary>
/// <remarks>
/// Written by hand rather than with PacketDotNet: it allocates nothing per packet (PacketDotNet builds
/// an object tree per frame), and it knows the mirror encapsulations PacketDotNet lacks. Never throws
/// on bad input: every length is checked and the frame is counted as malformed instead.
/// </remarks>
internal sealed class FrameDecoder
{
    private const int MaxDepth = 10;
    private readonly ITransportSink _sink;
    private readonly IpReassembler _reassembler;
    private readonly CaptureCounters _counters;

    public FrameDecoder(ITransportSink sink, IpReassembler reassembler, CaptureCounters counters)
    {
        _sink = sink;
        _reassembler = reassembler;
        _counters = counters;
    }

    /// <summary>Whether IPv4 header checksums are verified (a bad one is counted; the packet is still used,
    /// since captures on the sending host carry checksums the NIC would have filled in).</summary>
    public bool VerifyIpv4Checksum { get; init; } = true;

    public void Decode(int linkType, ReadOnlySpan<byte> frame, DateTimeOffset time)
    {
        switch (linkType)
        {
            case LinkType.Ethernet:
                Ethernet(frame, time, 0);
                break;
            case LinkType.LinuxSll:
                if (frame.Length < 16) { _counters.Malformed++; return; }
                EtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), frame[16..], time, 0);
                break;
            case LinkType.LinuxSll2:
                if (frame.Length < 20) { _counters.Malformed++; return; }
                EtherType(BinaryPrimitives.ReadUInt16BigEndian(frame), frame[20..], time, 0);
                break;
            case LinkType.Raw or LinkType.RawBsd or LinkType.RawOpenBsd or LinkType.Ipv4 or LinkType.Ipv6:
                Ip(frame, time, 0);
                break;
            case LinkType.Null or LinkType.Loop:
                if (frame.Length < 4) { _counters.Malformed++; return; }
                Ip(frame[4..], time, 0);
                break;
            case LinkType.Ppp or LinkType.PppHdlc:
                Ppp(frame, time, 0);
                break;
            default:
                _counters.UnsupportedLinkType++;
                break;
        }
    }

    private void Ethernet(ReadOnlySpan<byte> frame, DateTimeOffset time, int depth)
    {
        if (frame.Length < 14) { _counters.Malformed++; return; }
        EtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[12..]), frame[14..], time, depth);
    }

    private void EtherType(ushort type, ReadOnlySpan<byte> payload, DateTimeOffset time, int depth)
    {
        if (++depth > MaxDepth) { _counters.TooDeep++; return; }
        switch (type)
        {
            case 0x0800 or 0x86DD:
                Ip(payload, time, depth);
                break;
            case 0x8100 or 0x88A8 or 0x9100 or 0x9200:
                if (payload.Length < 4) { _counters.Malformed++; return; }
                _counters.Vlan++;
                EtherType(BinaryPrimitives.ReadUInt16BigEndian(payload[2..]), payload[4..], time, depth);
                break;
            case 0x8864:
                // PPPoE session: version/type, code, session id, length, then the PPP protocol.
                if (payload.Length < 8) { _counters.Malformed++; return; }
                var length = BinaryPrimitives.ReadUInt16BigEndian(payload[4..]);
                var ppp = payload[6..];
                if (length <= ppp.Length) ppp = ppp[..length];
                Ppp(ppp, time, depth);
                break;
            case 0x8847 or 0x8848:
                Mpls(payload, time, depth);
                break;
            case 0x6558:
                _counters.Tunnelled++;
                Ethernet(payload, time, depth);
                break;
            default:
                _counters.UnsupportedEtherType++;
                break;
        }
    }

    private void Mpls(ReadOnlySpan<byte> payload, DateTimeOffset time, int depth)
    {
        for (var labels = 0; labels < 8; labels++)
        {
            if (payload.Length < 4) { _counters.Malformed++; return; }
            var bottom = (payload[2] & 0x01) != 0;
            payload = payload[4..];
            if (bottom)
            {
                Ip(payload, time, depth);
                return;
            }
        }
        _counters.TooDeep++;
    }

    private void Ppp(ReadOnlySpan<byte> payload, DateTimeOffset time, int depth)
    {
        if (payload.Length >= 2 && payload[0] == 0xFF && payload[1] == 0x03)
            payload = payload[2..];
        if (payload.Length < 1) { _counters.Malformed++; return; }
        int protocol;
        // Protocol field compression (RFC 1661): an odd first byte is a one-byte protocol.
        if ((payload[0] & 1) == 1)
        {
            protocol = payload[0];
            payload = payload[1..];
        }
        else
        {
            if (payload.Length < 2) { _counters.Malformed++; return; }
            protocol = BinaryPrimitives.ReadUInt16BigEndian(payload);
            payload = payload[2..];
        }
        if (protocol is 0x21 or 0x57)
            Ip(payload, time, depth);
        else
            _counters.UnsupportedEtherType++;
    }

    private void Ip(ReadOnlySpan<byte> packet, DateTimeOffset time, int depth)
    {
        if (packet.Length < 1) { _counters.Malformed++; return; }
        switch (packet[0] >> 4)
        {
            case 4: Ipv4(packet, time, depth); break;
            case 6: Ipv6(packet, time, depth); break;
            default: _counters.Malformed++; break;
        }
    }

    private void Ipv4(ReadOnlySpan<byte> packet, DateTimeOffset time, int depth)
    {
        if (packet.Length < 20) { _counters.Malformed++; return; }
        var headerLength = (packet[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (headerLength < 20 || totalLength < headerLength) { _counters.Malformed++; return; }
        // TSO/GRO captures on the sending host show total length 0 or shorter than the frame; trust the frame then.
        if (totalLength > packet.Length) { _counters.Truncated++; return; }
        packet = packet[..totalLength];
        if (VerifyIpv4Checksum && !Ipv4HeaderChecksum.IsValid(packet[..headerLength]))
            _counters.Ipv4BadChecksum++;

        var source = IpAddressKey.FromV4(packet[12..]);
        var destination = IpAddressKey.FromV4(packet[16..]);
        var protocol = packet[9];
        var flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var payload = packet[headerLength..];
        var more = (flagsAndOffset & 0x2000) != 0;
        var offset = (flagsAndOffset & 0x1FFF) * 8;
        if (more || offset != 0)
        {
            _counters.IpFragments++;
            var id = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
            var whole = _reassembler.Add(new FragmentKey(source, destination, id, protocol), offset, more, payload, time);
            if (whole is null) return;
            _counters.IpReassembled++;
            Transport(protocol, source, destination, whole, time, depth);
            return;
        }
        Transport(protocol, source, destination, payload, time, depth);
    }

    private void Ipv6(ReadOnlySpan<byte> packet, DateTimeOffset time, int depth)
    {
        if (packet.Length < 40) { _counters.Malformed++; return; }
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        if (40 + payloadLength > packet.Length) { _counters.Truncated++; return; }
        // A payload length of 0 means a jumbogram (or a segmentation-offloaded capture): use the frame.
        var payload = payloadLength == 0 ? packet[40..] : packet.Slice(40, payloadLength);
        var source = IpAddressKey.FromV6(packet[8..]);
        var destination = IpAddressKey.FromV6(packet[24..]);
        Ipv6Payload(packet[6], source, destination, payload, time, depth);
    }

    private void Ipv6Payload(byte next, IpAddressKey source, IpAddressKey destination, ReadOnlySpan<byte> payload, DateTimeOffset time, int depth)
    {
        for (var headers = 0; headers < 16; headers++)
        {
            switch (next)
            {
                case 0 or 43 or 60 or 135 or 139 or 140:
                    if (payload.Length < 8) { _counters.Malformed++; return; }
                    var length = (payload[1] + 1) * 8;
                    if (length > payload.Length) { _counters.Malformed++; return; }
                    next = payload[0];
                    payload = payload[length..];
                    break;
                case 51:
                    if (payload.Length < 8) { _counters.Malformed++; return; }
                    var ahLength = (payload[1] + 2) * 4;
                    if (ahLength > payload.Length) { _counters.Malformed++; return; }
                    next = payload[0];
                    payload = payload[ahLength..];
                    break;
                case 44:
                    if (payload.Length < 8) { _counters.Malformed++; return; }
                    _counters.IpFragments++;
                    var inner = payload[0];
                    var offsetAndFlags = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
                    var id = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
                    var whole = _reassembler.Add(new FragmentKey(source, destination, id, inner),
                        offsetAndFlags & 0xFFF8, (offsetAndFlags & 1) != 0, payload[8..], time);
                    if (whole is null) return;
                    _counters.IpReassembled++;
                    // The reassembled part may start with further extension headers: walk on.
                    Ipv6Payload(inner, source, destination, whole, time, depth);
                    return;
                default:
                    Transport(next, source, destination, payload, time, depth);
                    return;
            }
        }
        _counters.TooDeep++;
    }

    private void Transport(byte protocol, IpAddressKey source, IpAddressKey destination, ReadOnlySpan<byte> payload, DateTimeOffset time, int depth)
    {
        switch (protocol)
        {
            case 17:
                if (payload.Length < 8) { _counters.Malformed++; return; }
                int udpLength = BinaryPrimitives.ReadUInt16BigEndian(payload[4..]);
                // A zero length is legal in a reassembled or offloaded datagram: use what is there.
                if (udpLength != 0)
                {
                    if (udpLength < 8) { _counters.Malformed++; return; }
                    if (udpLength > payload.Length) { _counters.Truncated++; return; }
                    payload = payload[..udpLength];
                }
                _counters.Udp++;
                _sink.OnUdp(new MediaEndpoint(source, BinaryPrimitives.ReadUInt16BigEndian(payload)),
                    new MediaEndpoint(destination, BinaryPrimitives.ReadUInt16BigEndian(payload[2..])), payload[8..], time);
                break;
            case 6:
                if (payload.Length < 20) { _counters.Malformed++; return; }
                var dataOffset = (payload[12] >> 4) * 4;
                if (dataOffset < 20 || dataOffset > payload.Length) { _counters.Malformed++; return; }
                _counters.Tcp++;
                _sink.OnTcp(new MediaEndpoint(source, BinaryPrimitives.ReadUInt16BigEndian(payload)),
                    new MediaEndpoint(destination, BinaryPrimitives.ReadUInt16BigEndian(payload[2..])),
                    BinaryPrimitives.ReadUInt32BigEndian(payload[4..]), payload[13], payload[dataOffset..], time);
                break;
            case 4 or 41:
                _counters.Tunnelled++;
                if (++depth > MaxDepth) { _counters.TooDeep++; return; }
                Ip(payload, time, depth);
                break;
            case 47:
                _counters.Tunnelled++;
                Gre(payload, time, depth);
                break;
        }
    }

    private void Gre(ReadOnlySpan<byte> packet, DateTimeOffset time, int depth)
    {
        if (++depth > MaxDepth) { _counters.TooDeep++; return; }
        if (packet.Length < 4) { _counters.Malformed++; return; }
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var protocol = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var sequencePresent = (flags & 0x1000) != 0;
        var offset = 4;
        if ((flags & 0x8000) != 0) offset += 4;
        if ((flags & 0x2000) != 0) offset += 4;
        if (sequencePresent) offset += 4;
        // Enhanced GRE (version 1, PPTP) may carry an acknowledgement number too.
        if ((flags & 7) == 1 && (flags & 0x0080) != 0) offset += 4;
        if (offset > packet.Length) { _counters.Malformed++; return; }
        var payload = packet[offset..];
        if (payload.IsEmpty) return;
        switch (protocol)
        {
            case 0x88BE:
                // ERSPAN type II has an 8-byte header and sets the GRE sequence bit; type I has neither.
                if (sequencePresent)
                {
                    if (payload.Length < 8) { _counters.Malformed++; return; }
                    payload = payload[8..];
                }
                Ethernet(payload, time, depth);
                break;
            case 0x22EB:
                // ERSPAN type III: 12 bytes, plus an 8-byte platform sub-header when the O flag is set.
                if (payload.Length < 12) { _counters.Malformed++; return; }
                var headerLength = (payload[11] & 0x01) != 0 ? 20 : 12;
                if (payload.Length < headerLength) { _counters.Malformed++; return; }
                Ethernet(payload[headerLength..], time, depth);
                break;
            case 0x880B:
                Ppp(payload, time, depth);
                break;
            default:
                EtherType(protocol, payload, time, depth);
                break;
        }
    }
}
