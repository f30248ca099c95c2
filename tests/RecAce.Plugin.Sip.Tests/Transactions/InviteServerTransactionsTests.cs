using System.Text;
using RecAce.Plugin.Sip.Calls;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Tests.Fakes;

namespace RecAce.Plugin.Sip.Tests.Transactions;

/// <summary>
/// RFC 3261 section 17.2.1 timers of the INVITE server transaction, on a clock the test moves:
/// timer G resends at 0.5, 1.5, 3.5, 7.5 s then every 4 s, timer H ends at 32 s, timer I absorbs ACKs for 5 s.
/// </summary>
public sealed class InviteServerTransactionsTests : IDisposable
{
    private static readonly double[] TimerGSeconds = [0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5];

    private readonly ManualTime _time = new();
    private readonly ListLoggerFactory _logs = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly InviteServerTransactions _transactions;

    public InviteServerTransactionsTests() =>
        _transactions = new InviteServerTransactions(_time, _logs.CreateLogger("test"), _stopping.Token);

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [Fact]
    public async Task RespondAsync_UdpNeverAcked_ResentAtTimerGThenTimerHEndsItWithOneLogLine()
    {
        var channel = new CapturingChannel();
        var invite = Invite("never-acked@src");
        await _transactions.RespondAsync(invite, SipResponses.Create(invite, 503, "Service Unavailable", "uas1"), channel);
        Assert.Single(channel.Sent);

        for (var i = 0; i < TimerGSeconds.Length; i++)
        {
            var due = TimeSpan.FromSeconds(TimerGSeconds[i]);
            Assert.True(await Eventually.TrueAsync(() => _time.Pending == 1), $"timer set before {due}");
            _time.AdvanceTo(due - TimeSpan.FromMilliseconds(1));
            Assert.Equal(i + 1, channel.Sent.Count);
            _time.AdvanceTo(due);
            Assert.True(await Eventually.TrueAsync(() => channel.Sent.Count == i + 2), $"resent at {due}: {channel.Sent.Count}");
        }

        Assert.True(await Eventually.TrueAsync(() => _time.Pending == 1));
        _time.AdvanceTo(TimeSpan.FromSeconds(32));
        Assert.True(await Eventually.TrueAsync(() => _transactions.Count == 0));
        _time.AdvanceTo(TimeSpan.FromSeconds(120));

        Assert.Equal(11, channel.Sent.Count);
        Assert.All(channel.Sent, m => Assert.Equal(503, m.StatusCode));
        Assert.Single(_logs.Lines, l => l.Contains("timer H", StringComparison.Ordinal) && l.Contains("never-acked@src", StringComparison.Ordinal) && l.Contains("503", StringComparison.Ordinal));
        Assert.False(_transactions.Absorb(Invite("never-acked@src", "ACK"), channel), "a terminated transaction absorbs nothing");
    }

    [Fact]
    public async Task Absorb_AckInCompleted_NoMoreResendsFurtherAcksAbsorbedUntilTimerI()
    {
        var channel = new CapturingChannel();
        var invite = Invite("acked@src");
        await _transactions.RespondAsync(invite, SipResponses.Create(invite, 487, "Request Terminated", "uas1"), channel);
        Assert.True(await Eventually.TrueAsync(() => _time.Pending == 1));
        _time.AdvanceTo(TimeSpan.FromSeconds(0.5));
        Assert.True(await Eventually.TrueAsync(() => channel.Sent.Count == 2));

        Assert.True(_transactions.Absorb(Invite("acked@src", "ACK"), channel));

        // Confirmed: only timer I (5 s from the ACK) is left; nothing more is sent.
        Assert.True(await Eventually.TrueAsync(() => _time.Pending == 1 && _transactions.Count == 1));
        _time.AdvanceTo(TimeSpan.FromSeconds(5.4));
        Assert.True(_transactions.Absorb(Invite("acked@src", "ACK"), channel), "a retransmitted ACK is absorbed in Confirmed");
        Assert.True(_transactions.Absorb(invite, channel), "a late INVITE copy is absorbed in Confirmed");
        Assert.Equal(1, _transactions.Count);
        _time.AdvanceTo(TimeSpan.FromSeconds(5.5));
        Assert.True(await Eventually.TrueAsync(() => _transactions.Count == 0));
        _time.AdvanceTo(TimeSpan.FromSeconds(60));

        Assert.Equal(2, channel.Sent.Count);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("timer H", StringComparison.Ordinal));
        Assert.False(_transactions.Absorb(Invite("acked@src", "ACK"), channel), "terminated after timer I: the ACK is no longer ours");
    }

    [Fact]
    public async Task Absorb_InviteRetransmittedInCompleted_SameResponseAgainWithSameTag()
    {
        var channel = new CapturingChannel();
        var invite = Invite("again@src");
        await _transactions.RespondAsync(invite, SipResponses.Create(invite, 486, "Busy Here", "uas-tag"), channel);

        Assert.True(_transactions.Absorb(Invite("again@src"), channel));

        Assert.True(await Eventually.TrueAsync(() => channel.Sent.Count == 2));
        Assert.All(channel.Sent, m =>
        {
            Assert.Equal(486, m.StatusCode);
            Assert.Equal("uas-tag", HeaderValues.Parameter(m["To"]!, "tag"));
        });
        Assert.Equal(TimeSpan.Zero, _time.Now);
    }

    [Fact]
    public async Task Absorb_AckWithNewBranchSameCallIdCSeqFromTag_ConfirmsTransaction()
    {
        var channel = new CapturingChannel();
        var invite = Invite("new-branch@src");
        await _transactions.RespondAsync(invite, SipResponses.Create(invite, 487, "Request Terminated", "uas1"), channel);

        // sipp's [branch] and some UACs give the ACK of a non-2xx a branch of its own.
        Assert.True(_transactions.Absorb(Parse(SipTestMessages.Simple("ACK", "new-branch@src", cseq: 1, toTag: "uas1")), channel));
        Assert.True(await Eventually.TrueAsync(() => _time.Pending == 1));
        _time.AdvanceTo(TimeSpan.FromSeconds(4.9));
        Assert.Single(channel.Sent);
    }

    [Fact]
    public async Task Absorb_OtherRequests_NotTaken()
    {
        var channel = new CapturingChannel();
        var invite = Invite("other@src");
        await _transactions.RespondAsync(invite, SipResponses.Create(invite, 503, "Service Unavailable", "uas1"), channel);

        Assert.False(_transactions.Absorb(Invite("other@src", cseq: 2), channel), "a new INVITE (new CSeq and branch) is a new transaction");
        Assert.False(_transactions.Absorb(Invite("other@src", "ACK", cseq: 2), channel), "an ACK of another CSeq");
        Assert.False(_transactions.Absorb(Invite("elsewhere@src", "ACK"), channel), "an ACK of another call");
        Assert.False(_transactions.Absorb(Invite("other@src", "CANCEL"), channel), "CANCEL shares the branch but is its own transaction");
        Assert.Single(channel.Sent);
    }

    [Fact]
    public async Task RespondAsync_Tcp_SentOnceAckEndsItAtOnce()
    {
        var channel = new CapturingChannel(reliable: true);
        var invite = Invite("tcp-acked@src");
        await _transactions.RespondAsync(invite, SipResponses.Create(invite, 487, "Request Terminated", "uas1"), channel);
        Assert.True(await Eventually.TrueAsync(() => _time.Pending == 1));
        _time.AdvanceTo(TimeSpan.FromSeconds(10));

        Assert.True(_transactions.Absorb(Invite("tcp-acked@src", "ACK"), channel));

        // Timer I is zero over a reliable transport.
        Assert.True(await Eventually.TrueAsync(() => _transactions.Count == 0));
        Assert.Single(channel.Sent);
    }

    [Fact]
    public async Task RespondAsync_TcpNeverAcked_SentOnceTimerHEndsItWithOneLogLine()
    {
        var channel = new CapturingChannel(reliable: true);
        var invite = Invite("tcp-never@src");
        await _transactions.RespondAsync(invite, SipResponses.Create(invite, 500, "Server Internal Error", "uas1"), channel);
        Assert.True(await Eventually.TrueAsync(() => _time.Pending == 1));
        _time.AdvanceTo(TimeSpan.FromSeconds(31.9));
        Assert.Equal(1, _transactions.Count);

        _time.AdvanceTo(TimeSpan.FromSeconds(32));

        Assert.True(await Eventually.TrueAsync(() => _transactions.Count == 0));
        Assert.Single(channel.Sent);
        Assert.Single(_logs.Lines, l => l.Contains("timer H", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RespondAsync_Success_Refused()
    {
        var invite = Invite("ok@src");
        await Assert.ThrowsAsync<ArgumentException>(() => _transactions.RespondAsync(invite, SipResponses.Create(invite, 200, "OK", "uas1"), new CapturingChannel()));
    }

    /// <summary>The SIPREC INVITE of the tests (its branch follows Call-ID and CSeq), or its ACK or CANCEL.</summary>
    private static SipMessage Invite(string callId, string method = "INVITE", int cseq = 1) =>
        Parse(SipTestMessages.SiprecInvite(callId, cseq: cseq, method: method));

    private static SipMessage Parse(string text) => SipParser.Parse(Encoding.UTF8.GetBytes(text), 65536).Message!;
}
