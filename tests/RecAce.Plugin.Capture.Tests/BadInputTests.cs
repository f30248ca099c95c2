using System.Buffers.Binary;
using RecAce.Plugin.Capture.Tests.Packets;

namespace RecAce.Plugin.Capture.Tests;

public sealed class BadInputTests
{
    private static CaptureBuilder OneCall()
    {
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("bad-1@test", "192.0.2.1", 40000, "192.0.2.2", 50000);
        capture.AddSip("192.0.2.1", "192.0.2.2", dialog.Invite());
        capture.AddSip("192.0.2.2", "192.0.2.1", dialog.Ok());
        capture.AddRtp("192.0.2.1", 40000, "192.0.2.2", 50000, 1, 20);
        return capture;
    }

    [Fact]
    public async Task ImportAsync_Garbage_ThrowsInvalidData()
    {
        using var file = new TempFile();
        await File.WriteAllBytesAsync(file.Path, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))]);
        await Assert.ThrowsAsync<InvalidDataException>(() => Import.FileAsync(file.Path));
    }

    [Fact]
    public async Task ImportAsync_EmptyFile_ThrowsInvalidData()
    {
        using var file = new TempFile();
        await File.WriteAllBytesAsync(file.Path, []);
        await Assert.ThrowsAsync<InvalidDataException>(() => Import.FileAsync(file.Path));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(100)]
    [InlineData(777)]
    public async Task ImportAsync_TruncatedFile_CountsTruncationAndKeepsEarlierCalls(int cut)
    {
        using var file = new TempFile();
        OneCall().WriteTo(file.Path);
        var bytes = await File.ReadAllBytesAsync(file.Path);
        await File.WriteAllBytesAsync(file.Path, bytes[..^cut]);
        var (result, context) = await Import.FileAsync(file.Path);

        Assert.Equal(1, result.Counters["file.truncated"]);
        Assert.True(result.Errors >= 1);
        Assert.Single(context.Sink.Calls);
    }

    [Fact]
    public async Task ImportAsync_AbsurdRecordLength_StopsAndCounts()
    {
        using var file = new TempFile();
        OneCall().WriteTo(file.Path);
        var bytes = await File.ReadAllBytesAsync(file.Path);
        // The third record's captured length (after the 24-byte header and two records) becomes 2 GB.
        var offset = 24;
        for (var i = 0; i < 2; i++) offset += 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + 8), 0x7FFF_FFFF);
        await File.WriteAllBytesAsync(file.Path, bytes);
        var (result, context) = await Import.FileAsync(file.Path);

        Assert.Equal(1, result.Counters["file.absurdLength"]);
        Assert.Equal(2, result.PacketsRead);
        Assert.Single(context.Sink.Calls);
    }

    [Fact]
    public async Task ImportAsync_BadIpChecksums_CountedAndStillDecoded()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("sum-1@test", "192.0.2.1", 40000, "192.0.2.2", 50000);
        foreach (var message in new[] { dialog.Invite(), dialog.Ok(), dialog.Bye() })
        {
            var ip = PacketBuilder.Ipv4("192.0.2.1", "192.0.2.2", 17, PacketBuilder.Udp(5060, 5060, System.Text.Encoding.UTF8.GetBytes(message)));
            ip[10] ^= 0xFF;
            capture.AddIp(ip);
        }
        var (result, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        Assert.Equal(3, result.Counters["ip.badChecksum"]);
        Assert.Single(context.Sink.Calls);
    }

    [Fact]
    public async Task ImportAsync_RandomFramesInValidFile_NeverThrowAndCountMalformed()
    {
        using var file = new TempFile();
        var capture = OneCall();
        var random = new Random(4);
        for (var i = 0; i < 3000; i++)
        {
            var frame = new byte[random.Next(0, 200)];
            random.NextBytes(frame);
            // Make many of them look like Ethernet carrying IPv4, IPv6, VLAN, GRE or PPPoE to reach deeper decoders.
            if (frame.Length > 40)
            {
                var types = new ushort[] { 0x0800, 0x86DD, 0x8100, 0x8864, 0x8847 };
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), types[i % types.Length]);
                frame[14] = (byte)((i % 2 == 0 ? 0x45 : 0x60) | (frame[14] & 0x0F) & 0xF0);
            }
            capture.AddFrame(frame);
        }
        var (result, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        Assert.Equal(capture.Count, result.PacketsRead);
        Assert.True(result.Counters["frame.malformed"] + result.Counters["file.truncated"] + result.Counters["frame.unsupportedEtherType"] > 0);
        Assert.Single(context.Sink.Calls);
    }

    [Fact]
    public async Task ImportAsync_SipWithAbsurdContentLengthOverTcp_NoCrash()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("cl-1@test", "192.0.2.1", 40000, "192.0.2.2", 50000) { ContentLengthOverride = 999_999_999 };
        var bytes = System.Text.Encoding.UTF8.GetBytes(dialog.Invite());
        capture.AddIp(PacketBuilder.Ipv4("192.0.2.1", "192.0.2.2", 6, PacketBuilder.Tcp(33000, 5060, 1, 0x18, bytes)));
        var (result, _) = await Import.FileAsync(capture.WriteTo(file.Path));
        Assert.Equal(1, result.PacketsRead);
    }

    [Fact]
    public async Task ImportAsync_TruncatedPcapNg_CountedNotThrown()
    {
        var path = SharedCaptures.Folder is null ? null : SharedCaptures.PathOf("14_asterisk_b2bua_reinvite.pcapng");
        if (path is null) return;
        using var file = new TempFile();
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(file.Path, bytes[..(bytes.Length / 2 + 3)]);
        var (result, _) = await Import.FileAsync(file.Path);
        Assert.True(result.Counters["file.truncated"] + result.Counters["frame.malformed"] >= 1);
    }
}
