using System.Text;

namespace RecAce.Plugin.Capture.Tests.Packets;

/// <summary>Collects frames with capture times and writes them as a pcap file.</summary>
internal sealed class CaptureBuilder
{
    private readonly List<(DateTimeOffset Time, byte[] Frame)> _frames = [];

    public DateTimeOffset Clock { get; set; } = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    public ushort[] Vlans { get; set; } = [];

    public int Count => _frames.Count;

    public void Advance(TimeSpan by) => Clock += by;

    public void AddFrame(byte[] frame) => _frames.Add((Clock, frame));

    public void AddIp(byte[] ipPacket) => AddFrame(PacketBuilder.Ethernet(ipPacket, Vlans));

    public void AddUdp(string source, ushort sourcePort, string destination, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var udp = PacketBuilder.Udp(sourcePort, destinationPort, payload);
        AddIp(source.Contains(':', StringComparison.Ordinal)
            ? PacketBuilder.Ipv6(source, destination, 17, udp)
            : PacketBuilder.Ipv4(source, destination, 17, udp));
    }

    public void AddSip(string source, string destination, string message, ushort port = 5060) =>
        AddUdp(source, port, destination, port, Encoding.UTF8.GetBytes(message));

    /// <summary>RTP packets of 20 ms PCMU (or <paramref name="payloadType"/>) from one endpoint to another.</summary>
    public void AddRtp(string source, ushort sourcePort, string destination, ushort destinationPort, uint ssrc, int packets,
        byte payloadType = 0, ushort firstSequence = 1000, byte fill = 0x55)
    {
        var payload = new byte[160];
        Array.Fill(payload, fill);
        for (var i = 0; i < packets; i++)
        {
            AddUdp(source, sourcePort, destination, destinationPort,
                PacketBuilder.Rtp(payloadType, (ushort)(firstSequence + i), (uint)(i * 160), ssrc, payload));
            Advance(TimeSpan.FromMilliseconds(20));
        }
    }

    public string WriteTo(string path)
    {
        using var writer = new PcapWriter(File.Create(path));
        foreach (var (time, frame) in _frames.OrderBy(f => f.Time))
            writer.Write(time, frame);
        return path;
    }
}
