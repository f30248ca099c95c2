using RecAce.Plugin.Capture.Net;
using RecAce.Plugin.Capture.Sip;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Calls;

/// <summary>One SIP dialog being recorded: its parties, their media endpoints and codecs, and its recording.</summary>
internal sealed class SipCall
{
    public const int MaxEarlyFrames = 500;

    public SipCall(string callId, SipMessage invite, DateTimeOffset time)
    {
        CallId = callId;
        CallerTag = invite.From.Tag;
        Caller = invite.From;
        Callee = invite.To;
        InviteAt = time;
        LastActivity = time;
        Legs = [new CallLeg("caller", LegRole.Outside, invite.From.User), new CallLeg("callee", LegRole.Staff, invite.To.User)];
    }

    public string CallId { get; }

    public string? CallerTag { get; set; }

    public SipNameAddress Caller { get; set; }

    public SipNameAddress Callee { get; set; }

    public DateTimeOffset InviteAt { get; set; }

    public DateTimeOffset ChallengedAt { get; set; }

    public DateTimeOffset LastActivity { get; set; }

    public CallPhase Phase { get; set; }

    public bool IsOrphan { get; init; }

    public ICallRecording? Recording { get; set; }

    public bool OpenRequested { get; set; }

    public CallLeg[] Legs { get; }

    public Dictionary<int, PayloadKind> PayloadTypes { get; } = [];

    public HashSet<MediaEndpoint> Endpoints { get; } = [];

    public List<(Party Sender, AudioFrame Frame)> EarlyFrames { get; } = [];

    public Dictionary<string, long> Skipped { get; } = new(StringComparer.Ordinal);

    public long DropsAtOpen { get; set; }

    /// <summary>Why the media is encrypted (SRTP in SDP, or ZRTP seen on the media ports), or null.</summary>
    public string? Encryption { get; set; }

    public CallLeg Leg(Party party) => Legs[(int)party];

    public static Party Other(Party party) => party == Party.Caller ? Party.Callee : Party.Caller;

    /// <summary>Which party sent a request in this dialog: the one whose tag is in From.</summary>
    public Party RequestSender(SipMessage request) =>
        CallerTag is null || request.From.Tag == CallerTag ? Party.Caller : Party.Callee;

    /// <summary>Which party sent a response: the one in To of the request it answers.</summary>
    public Party ResponseSender(SipMessage response) =>
        CallerTag is null || response.From.Tag == CallerTag ? Party.Callee : Party.Caller;

    public PayloadKind Kind(int payloadType) =>
        PayloadTypes.TryGetValue(payloadType, out var kind) ? kind : PayloadKind.Resolve(payloadType, null);

    public string SkippedNote() =>
        string.Join("; ", Skipped.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value} packets not recorded"));
}
