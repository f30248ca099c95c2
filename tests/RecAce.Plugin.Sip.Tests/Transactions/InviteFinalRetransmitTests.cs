using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Tests.B2bua;
using RecAce.Plugin.Sip.Tests.Fakes;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests.Transactions;

/// <summary>
/// Non-2xx final responses to INVITEs on the adapter's real sockets, on the real clock: over UDP
/// resent at 0.5, 1.5, 3.5 s after the first until the ACK (RFC 3261 section 17.2.1), by the
/// recorder (503, 487, 420) and the in-line recorder (403 of a reject route) alike; over TCP sent once.
/// Timing-sensitive, so run apart from the parallel tests; bounds allow a loaded machine to be late, never early.
/// </summary>
[Collection(RealTimePeersCollection.Name)]
public sealed class InviteFinalRetransmitTests : IAsyncLifetime
{
    private static readonly double[] Resends = [0.5, 1.5, 3.5];

    private readonly LoopbackAdapter _host = new(new()
    {
        ["Listen"] = "127.0.0.1",
        ["Port"] = "0",
        ["RtpPortMin"] = "47700",
        ["RtpPortMax"] = "47799",
        ["Routes:0:Match"] = "^9$",
        ["Routes:0:Action"] = "reject",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<SipTestPeer> StartAsync(Action<TestAdapterContext>? arrange = null) => _host.StartAsync(arrange);

    [Fact]
    public async Task Refused503OverUdp_NoAck_ResentAtTimerGUntilAckThenNoMore()
    {
        using var peer = await StartAsync(c => c.Sink.Refusal = new RecordingRefusedException("disk nearly full"));
        peer.Send(SipTestMessages.SiprecInvite("g-503@src"));
        var first = await peer.ExpectAsync(503);
        Assert.NotNull(first);
        var clock = Stopwatch.StartNew();

        await AssertResentAtTimerGAsync(peer, 503, clock);
        peer.Send(AckOf(SipTestMessages.SiprecInvite("g-503@src"), first!));

        // The next resend was due 4 s after the last: nothing comes after the ACK.
        Assert.Null(await NextAsync(peer, 503, TimeSpan.FromSeconds(5)));
        Assert.Single(_host.Context.Logs.Lines, l => l.Contains("declined with 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelled487OverUdp_AckWithItsOwnBranch_ResendsStop()
    {
        using var peer = await StartAsync(c => c.Sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        peer.Send(SipTestMessages.SiprecInvite("g-487@src"));
        Assert.NotNull(await peer.ExpectAsync(100));
        peer.Send(SipTestMessages.Simple("CANCEL", "g-487@src", cseq: 1));
        var first = await peer.ExpectAsync(487);
        Assert.NotNull(first);
        var clock = Stopwatch.StartNew();
        Assert.NotNull(await NextAsync(peer, 487, TimeSpan.FromSeconds(3)));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.35, 2.5);

        // As sipp's [branch] does: the ACK has a branch of its own; Call-ID, CSeq and From tag match.
        peer.Send(SipTestMessages.Simple("ACK", "g-487@src", cseq: 1, toTag: Tag(first!)));

        Assert.Null(await NextAsync(peer, 487, TimeSpan.FromSeconds(4.5)));
        _host.Context.Sink.Gate!.SetResult();
        Assert.True(await Eventually.TrueAsync(() => _host.Context.Sink.Calls.All(c => c.EndReason == CallEndReason.Failed)));
    }

    [Fact]
    public async Task UnsupportedRequire420OverUdp_InviteCopyInCompleted_AnsweredAgainNotHandledTwice()
    {
        using var peer = await StartAsync();
        var invite = SipTestMessages.SiprecInvite("g-420@src").Replace("Require: siprec", "Require: siprec, frobnicate", StringComparison.Ordinal);
        peer.Send(invite);
        var first = await peer.ExpectAsync(420);
        Assert.NotNull(first);

        peer.Send(invite);
        var again = await NextAsync(peer, 420, TimeSpan.FromSeconds(3));
        peer.Send(AckOf(invite, first!));

        Assert.NotNull(again);
        Assert.Equal(Tag(first!), Tag(again!));
        Assert.Single(_host.Context.Logs.Lines, l => l.Contains("answered 420", StringComparison.Ordinal));
        // A timer G copy sent before the ACK arrived (a slow machine) may still be queued; none after it.
        await NextAsync(peer, 420, TimeSpan.FromSeconds(0.4));
        Assert.Null(await NextAsync(peer, 420, TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public async Task RouteReject403FromInlineRecorderOverUdp_NoAck_ResentAtTimerGUntilAck()
    {
        using var peer = await StartAsync();
        var invite = SipTestMessages.SiprecInvite("g-403@src").Replace("INVITE sip:srs@", "INVITE sip:9@", StringComparison.Ordinal);
        peer.Send(invite);
        var first = await peer.ExpectAsync(403);
        Assert.NotNull(first);
        var clock = Stopwatch.StartNew();

        await AssertResentAtTimerGAsync(peer, 403, clock);
        peer.Send(AckOf(invite, first!));

        Assert.Null(await NextAsync(peer, 403, TimeSpan.FromSeconds(5)));
        Assert.Single(_host.Context.Logs.Lines, l => l.Contains("refused by route", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnsupportedRequire420OverTcp_SentOnceInviteCopyAnsweredAgain()
    {
        await StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(_host.Adapter.TcpEndPoint!);
        var stream = client.GetStream();
        var invite = Encoding.UTF8.GetBytes(SipTestMessages.SiprecInvite("tcp-420@src")
            .Replace("SIP/2.0/UDP", "SIP/2.0/TCP", StringComparison.Ordinal)
            .Replace("Require: siprec", "Require: siprec, frobnicate", StringComparison.Ordinal));
        await stream.WriteAsync(invite);
        Assert.Equal(1, await CountAsync(stream, "SIP/2.0 420", TimeSpan.FromSeconds(4)));

        await stream.WriteAsync(invite);
        Assert.Equal(1, await CountAsync(stream, "SIP/2.0 420", TimeSpan.FromSeconds(2)));
        Assert.Single(_host.Context.Logs.Lines, l => l.Contains("answered 420", StringComparison.Ordinal));
    }

    /// <summary>Three resends, each not before its time (T1 doubling from the first copy); a loaded machine may be late.</summary>
    private static async Task AssertResentAtTimerGAsync(SipTestPeer peer, int status, Stopwatch clock)
    {
        var previous = 0.0;
        var interval = 0.5;
        foreach (var due in Resends)
        {
            Assert.NotNull(await NextAsync(peer, status, TimeSpan.FromSeconds(due + 3)));
            var at = clock.Elapsed.TotalSeconds;
            // Three quarters: the test's own receive can be late for one copy and on time for the next.
            Assert.True(at - previous >= interval * 0.75, $"resend {due}: {at:F3} s, {at - previous:F3} s after the one before");
            Assert.True(at <= due + 1.5, $"resend {due}: {at:F3} s");
            previous = at;
            interval *= 2;
        }
    }

    /// <summary>The next response with the status within the time, or null; other messages are skipped.</summary>
    private static async Task<SipMessage?> NextAsync(SipTestPeer peer, int status, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var message = await peer.ReceiveAsync(deadline - DateTime.UtcNow);
            if (message is null) return null;
            if (message.StatusCode == status) return message;
        }

        return null;
    }

    /// <summary>Reads from the stream for the given time and counts the occurrences of a text.</summary>
    private static async Task<int> CountAsync(NetworkStream stream, string text, TimeSpan during)
    {
        var received = new StringBuilder();
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(during);
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0) break;
                received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException)
        {
            // The time is up.
        }

        return received.ToString().Split(text).Length - 1;
    }

    /// <summary>The ACK of a non-2xx, as RFC 3261 section 17.1.1.3 builds it: the INVITE's branch, the response's To.</summary>
    private static string AckOf(string invite, SipMessage response)
    {
        var head = invite[..invite.IndexOf("\r\n\r\n", StringComparison.Ordinal)]
            .Replace("INVITE sip:", "ACK sip:", StringComparison.Ordinal)
            .Replace(" INVITE\r\n", " ACK\r\n", StringComparison.Ordinal);
        var lines = head.Split("\r\n").Where(l => !l.StartsWith("c:", StringComparison.Ordinal) && !l.StartsWith("l:", StringComparison.Ordinal))
            .Select(l => l.StartsWith("t:", StringComparison.Ordinal) ? $"t: {response["To"]}" : l);
        return string.Join("\r\n", lines) + "\r\nContent-Length: 0\r\n\r\n";
    }

    private static string Tag(SipMessage response) => HeaderValues.Parameter(response["To"]!, "tag")!;
}
