using System.Net;
using RecAce.Plugin.Sip.Calls;
using RecAce.Plugin.Sip.Protection;
using RecAce.Plugin.Sip.Tests.Fakes;

namespace RecAce.Plugin.Sip.Tests;

public sealed class MalformedInputTests
{
    public static TheoryData<string> CorpusNames => [.. MalformedCorpus.All().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public async Task Receive_MalformedMessage_Gets4xxOrIsDroppedWithOneLogLine(string name)
    {
        var bytes = MalformedCorpus.All().Single(c => c.Name == name).Bytes;
        var logs = new ListLoggerFactory();
        var sink = new RecordingCallSink();
        await using var server = new SipServer(new SipOptions { Listen = IPAddress.Loopback }, sink, TimeProvider.System, logs);
        var channel = new CapturingChannel();

        server.Receive(bytes, channel);

        await Eventually.TrueAsync(() => channel.Sent.Count > 0 || logs.Lines.Count > 0, TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        Assert.Single(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.All(channel.Sent, m => Assert.InRange(m.StatusCode, 400, 499));
        Assert.Empty(sink.Calls);
    }

    [Fact]
    public async Task Receive_SourceNotAllowed_Gets403AndIsLoggedOncePerMinute()
    {
        var logs = new ListLoggerFactory();
        var options = new SipOptions { Listen = IPAddress.Loopback, AllowedSources = [AddressRange.Parse("10.1.0.0/16")] };
        await using var server = new SipServer(options, new RecordingCallSink(), TimeProvider.System, logs);
        var channel = new CapturingChannel("192.0.2.9");

        for (var i = 0; i < 5; i++) server.Receive(System.Text.Encoding.UTF8.GetBytes(SipTestMessages.Simple("OPTIONS", cseq: i + 1)), channel);

        await Eventually.TrueAsync(() => channel.Sent.Count == 5, TimeSpan.FromSeconds(5));
        Assert.All(channel.Sent, m => Assert.Equal(403, m.StatusCode));
        Assert.Single(logs.Lines);
    }
}
