using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Plugin.Capture.Decode;
using RecAce.Plugin.Capture.Tests.Fakes;
using RecAce.Plugin.Capture.Tests.Packets;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Tests;

public sealed class CaptureEngineTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task NoteDrops_DropsWhileCallOpen_NotedOnThatCallOnly()
    {
        var sink = new RecordingCallSink();
        var counters = new CaptureCounters();
        var engine = new CaptureEngine(new CaptureOptions(), sink, counters, NullLogger.Instance, "test");
        var dialog = new SipDialog("drops-1@test", "192.0.2.1", 40000, "192.0.2.2", 50000);
        await SipAsync(engine, dialog.Invite(), Start);
        await SipAsync(engine, dialog.Ok(), Start.AddSeconds(1));
        var earlier = new SipDialog("ended-1@test", "192.0.2.1", 40002, "192.0.2.2", 50002);
        await SipAsync(engine, earlier.Invite(), Start);
        await SipAsync(engine, earlier.Response(486, "Busy Here"), Start);

        counters.KernelDrops = 5;
        counters.InterfaceDrops = 2;
        engine.NoteDrops();

        var open = sink.Calls.Single(c => c.Info.AdapterCallId == "drops-1@test");
        Assert.Equal("7", open.Extra["capture.drops"]);
        Assert.False(sink.Calls.Single(c => c.Info.AdapterCallId == "ended-1@test").Extra.ContainsKey("capture.drops"));
        await engine.FinishAsync(CallEndReason.AdapterStopped, CancellationToken.None);
        Assert.Equal(CallEndReason.AdapterStopped, open.EndReason);
    }

    [Fact]
    public async Task CheckHealthAsync_NoInterfaceConfigured_HealthyFileImportOnly()
    {
        using var adapter = new CaptureAdapter();
        await adapter.StartAsync(new TestAdapterContext(), CancellationToken.None);
        var health = await adapter.CheckHealthAsync(CancellationToken.None);
        Assert.Equal(AdapterHealthStatus.Healthy, health.Status);
        Assert.Contains("File import only", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_MissingInterface_UnhealthyWithReason()
    {
        using var adapter = new CaptureAdapter();
        await adapter.StartAsync(new TestAdapterContext(new Dictionary<string, string?> { ["Interface"] = "no-such-nic0" }), CancellationToken.None);
        var health = await adapter.CheckHealthAsync(CancellationToken.None);
        Assert.Equal(AdapterHealthStatus.Unhealthy, health.Status);
        Assert.Contains("no-such-nic0", health.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RtpTimeoutSeconds", "0")]
    [InlineData("RecordOrphanRtp", "maybe")]
    [InlineData("MaxExtensionDigits", "99")]
    public void Read_InvalidValue_FormatExceptionNamingTheKey(string key, string value)
    {
        var e = Assert.Throws<FormatException>(() => CaptureOptions.Read(new DictionaryConfiguration(new Dictionary<string, string?> { [key] = value })));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    private static async Task SipAsync(CaptureEngine engine, string message, DateTimeOffset time)
    {
        var frame = PacketBuilder.Ethernet(PacketBuilder.Ipv4("192.0.2.1", "192.0.2.2", 17, PacketBuilder.Udp(5060, 5060, Encoding.UTF8.GetBytes(message))));
        engine.Accept(LinkType.Ethernet, time, frame);
        await engine.RunPendingAsync(CancellationToken.None);
    }
}
