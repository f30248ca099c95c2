using System.Globalization;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Siprec;
using RecAce.Plugin.Sip.Transport;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>
/// One recorded dialog: the SIP state RFC 3261 asks a UAS to keep (tags, CSeq, remote target,
/// the last final response for retransmission) plus the recording and its streams.
/// </summary>
internal sealed class SipDialog(SipMessage invite, ISipChannel channel, bool isSiprec)
{
    private uint _localCSeq;

    public Lock Gate { get; } = new();

    public string CallId { get; } = invite.CallId!;

    public string LocalTag { get; } = SipIds.Tag();

    public SipMessage Invite { get; } = invite;

    /// <summary>Where in-dialog requests from us go; TCP dialogs use their connection.</summary>
    public ISipChannel Channel { get; set; } = channel;

    public bool IsSiprec { get; } = isSiprec;

    public DialogState State { get; set; } = DialogState.Pending;

    public ICallRecording? Recording { get; set; }

    public RecordingMetadata? Metadata { get; set; }

    public List<RecordedStream> Streams { get; } = [];

    /// <summary>CSeq of the INVITE transaction in progress or last completed.</summary>
    public uint InviteCSeq { get; set; } = invite.CSeq!.Value.Number;

    /// <summary>The highest CSeq seen from the remote side, to refuse stale requests.</summary>
    public uint RemoteCSeq { get; set; } = invite.CSeq!.Value.Number;

    /// <summary>The last final response to an INVITE, resent for retransmitted INVITEs until ACK.</summary>
    public byte[]? LastInviteResponse { get; set; }

    public bool Acknowledged { get; set; }

    public long SdpVersion { get; set; }

    public long SdpSessionId { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public CancellationTokenSource Ending { get; } = new();

    /// <summary>The SRC's Contact URI, the target of our BYE.</summary>
    public string RemoteTarget { get; set; } = NameAddress.Parse(invite[SipHeaderNames.Contact])?.Uri ?? invite.RequestUri!;

    /// <summary>Time since media last arrived on any stream.</summary>
    public TimeSpan Silence => Streams.Count == 0 ? TimeSpan.Zero : Streams.Min(s => s.Receiver.Silence);

    /// <summary>A BYE from us (shutdown or RTP timeout), addressed as RFC 3261 section 12.2.1.1 says.</summary>
    public SipMessage CreateBye(int localPort)
    {
        var bye = SipMessage.Request("BYE", RemoteTarget);
        var host = Channel.LocalAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Channel.LocalAddress}]" : Channel.LocalAddress.ToString();
        bye.Add(SipHeaderNames.Via, string.Create(CultureInfo.InvariantCulture, $"SIP/2.0/{Channel.Transport} {host}:{localPort};branch={SipIds.Branch()};rport"));
        bye.Add(SipHeaderNames.MaxForwards, "70");
        bye.Add(SipHeaderNames.From, $"{Invite[SipHeaderNames.To]};tag={LocalTag}");
        bye.Add(SipHeaderNames.To, Invite[SipHeaderNames.From]!);
        bye.Add(SipHeaderNames.CallId, CallId);
        bye.Add(SipHeaderNames.CSeq, string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Increment(ref _localCSeq)} BYE"));
        bye.Add(SipHeaderNames.UserAgent, "RecAce");
        return bye;
    }
}
