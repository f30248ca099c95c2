using System.Buffers.Binary;
using RecAce.Plugin.Capture.Decode;
using RecAce.Plugin.Capture.Net;
using RecAce.Plugin.Capture.Tests.Packets;

namespace RecAce.Plugin.Capture.Tests;

public sealed class FrameDecoderTests
{
    private static readonly byte[] Payload = "hello sip"u8.ToArray();
    private readonly CaptureCounters _counters = new();
    private readonly Sink _sink = new();

    private FrameDecoder CreateSut() => new(_sink, new IpReassembler(_counters), _counters);

    private static byte[] UdpIpv4() => PacketBuilder.Ipv4("192.0.2.1", "192.0.2.2", 17, PacketBuilder.Udp(5060, 5062, Payload));

    [Fact]
    public void Decode_LinuxCookedSll_UdpFound()
    {
        var ip = UdpIpv4();
        var frame = new byte[16 + ip.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), 0x0800);
        ip.CopyTo(frame, 16);
        CreateSut().Decode(LinkType.LinuxSll, frame, DateTimeOffset.UnixEpoch);
        AssertOneDatagram(5062);
    }

    [Fact]
    public void Decode_LinuxCookedSll2_UdpFound()
    {
        var ip = UdpIpv4();
        var frame = new byte[20 + ip.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x0800);
        ip.CopyTo(frame, 20);
        CreateSut().Decode(LinkType.LinuxSll2, frame, DateTimeOffset.UnixEpoch);
        AssertOneDatagram(5062);
    }

    [Fact]
    public void Decode_PppoeSession_UdpFound()
    {
        var ip = UdpIpv4();
        var pppoe = new byte[8 + ip.Length];
        pppoe[0] = 0x11;
        BinaryPrimitives.WriteUInt16BigEndian(pppoe.AsSpan(4), (ushort)(ip.Length + 2));
        BinaryPrimitives.WriteUInt16BigEndian(pppoe.AsSpan(6), 0x0021);
        ip.CopyTo(pppoe, 8);
        CreateSut().Decode(LinkType.Ethernet, PacketBuilder.Ethernet(0x8864, pppoe), DateTimeOffset.UnixEpoch);
        AssertOneDatagram(5062);
    }

    [Fact]
    public void Decode_MplsLabelStack_UdpFound()
    {
        var ip = UdpIpv4();
        byte[] labels = [0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40];
        CreateSut().Decode(LinkType.Ethernet, PacketBuilder.Ethernet(0x8847, [.. labels, .. ip]), DateTimeOffset.UnixEpoch);
        AssertOneDatagram(5062);
    }

    [Fact]
    public void Decode_ErspanTypeThreeWithPlatformHeader_InnerUdpFound()
    {
        var inner = PacketBuilder.Ethernet(UdpIpv4(), 42);
        var erspan = new byte[20];
        erspan[11] = 0x01;
        var gre = PacketBuilder.Gre(0x22EB, [.. erspan, .. inner], withSequence: true);
        CreateSut().Decode(LinkType.Ethernet, PacketBuilder.Ethernet(PacketBuilder.Ipv4("10.0.0.1", "10.0.0.2", 47, gre)), DateTimeOffset.UnixEpoch);
        AssertOneDatagram(5062);
        Assert.Equal(1, _counters.Vlan);
    }

    [Fact]
    public void Decode_Ipv6InIpv4_InnerUdpFound()
    {
        var inner = PacketBuilder.Ipv6("2001:db8::1", "2001:db8::2", 17, PacketBuilder.Udp(5060, 5064, Payload));
        CreateSut().Decode(LinkType.Raw, PacketBuilder.Ipv4("10.0.0.1", "10.0.0.2", 41, inner), DateTimeOffset.UnixEpoch);
        AssertOneDatagram(5064);
        Assert.Equal("2001:db8::1", _sink.Datagrams[0].Source.Address.ToString());
    }

    [Fact]
    public void Decode_TruncatedIpv4_CountedNotDelivered()
    {
        var ip = UdpIpv4();
        CreateSut().Decode(LinkType.Raw, ip.AsSpan(0, ip.Length - 4), DateTimeOffset.UnixEpoch);
        Assert.Empty(_sink.Datagrams);
        Assert.Equal(1, _counters.Truncated);
    }

    [Fact]
    public void Decode_GreInGreBeyondDepthLimit_CountedTooDeep()
    {
        var packet = UdpIpv4();
        for (var i = 0; i < 12; i++) packet = PacketBuilder.Ipv4("10.0.0.1", "10.0.0.2", 47, PacketBuilder.Gre(0x0800, packet));
        CreateSut().Decode(LinkType.Raw, packet, DateTimeOffset.UnixEpoch);
        Assert.Empty(_sink.Datagrams);
        Assert.Equal(1, _counters.TooDeep);
    }

    [Fact]
    public void Add_FragmentsOutOfOrderWithDuplicate_ReassembledOnce()
    {
        var reassembler = new IpReassembler(_counters);
        var key = new FragmentKey(default, default, 7, 17);
        var data = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        Assert.Null(reassembler.Add(key, 16, more: true, data.AsSpan(16, 16), DateTimeOffset.UnixEpoch));
        Assert.Null(reassembler.Add(key, 32, more: false, data.AsSpan(32), DateTimeOffset.UnixEpoch));
        Assert.Null(reassembler.Add(key, 32, more: false, data.AsSpan(32), DateTimeOffset.UnixEpoch));
        var whole = reassembler.Add(key, 0, more: true, data.AsSpan(0, 16), DateTimeOffset.UnixEpoch);
        Assert.Equal(data, whole);
        Assert.Equal(0, reassembler.PendingCount);
    }

    [Fact]
    public void Expire_IncompleteDatagramAfterTimeout_DroppedAndCounted()
    {
        var reassembler = new IpReassembler(_counters);
        reassembler.Add(new FragmentKey(default, default, 9, 17), 0, more: true, new byte[16], DateTimeOffset.UnixEpoch);
        reassembler.Expire(DateTimeOffset.UnixEpoch + IpReassembler.Timeout + TimeSpan.FromSeconds(1));
        Assert.Equal(0, reassembler.PendingCount);
        Assert.Equal(1, _counters.IpFragmentsExpired);
    }

    private void AssertOneDatagram(ushort destinationPort)
    {
        var datagram = Assert.Single(_sink.Datagrams);
        Assert.Equal(destinationPort, datagram.Destination.Port);
        Assert.Equal(Payload, datagram.Payload);
    }

    private sealed class Sink : ITransportSink
    {
        public List<(MediaEndpoint Source, MediaEndpoint Destination, byte[] Payload)> Datagrams { get; } = [];

        public void OnUdp(MediaEndpoint source, MediaEndpoint destination, ReadOnlySpan<byte> payload, DateTimeOffset time) =>
            Datagrams.Add((source, destination, payload.ToArray()));

        public void OnTcp(MediaEndpoint source, MediaEndpoint destination, uint sequence, byte flags, ReadOnlySpan<byte> payload, DateTimeOffset time)
        {
        }
    }
}
