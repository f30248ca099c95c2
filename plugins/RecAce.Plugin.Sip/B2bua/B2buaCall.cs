using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Transport;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>Where a relayed call is in its life.</summary>
internal enum RelayState
{
    /// <summary>The caller has had no final response yet (announcement as early media, or the target ringing).</summary>
    Setup,

    /// <summary>The caller has its 200 OK; the target is not (yet) connected.</summary>
    CallerAnswered,

    /// <summary>Both sides answered; audio is bridged.</summary>
    Connected,

    /// <summary>Over; kept briefly to absorb retransmissions.</summary>
    Ended,
}

/// <summary>
/// One relayed call: the dialog with the caller (we are its UAS), the dialog with the target (we
/// are its UAC), the media relay between them and the guarded recording.
/// </summary>
internal sealed class B2buaCall(SipRoute route, SipMessage invite, LegDialog caller, MediaRelay relay, RecordingGuard recording, string? calledNumber)
{
    public Lock Gate { get; } = new();

    public SipRoute Route { get; } = route;

    public SipMessage Invite { get; } = invite;

    public string? CalledNumber { get; } = calledNumber;

    public LegDialog Caller { get; } = caller;

    public LegDialog? Callee { get; set; }

    /// <summary>Our INVITE to the target while it is in progress.</summary>
    public ClientTransaction? CalleeInvite { get; set; }

    public ISipChannel? CalleeChannel { get; set; }

    public MediaRelay Relay { get; } = relay;

    public RecordingGuard Recording { get; } = recording;

    public RelayState State { get; set; } = RelayState.Setup;

    /// <summary>The caller's INVITE CSeq whose final response we resend until ACK.</summary>
    public uint CallerInviteCSeq { get; set; } = invite.CSeq!.Value.Number;

    public byte[]? LastCallerResponse { get; set; }

    public bool CallerAcknowledged { get; set; }

    public bool RingingSent { get; set; }

    /// <summary>Our last ACK to the target's 2xx, resent when the 2xx is retransmitted.</summary>
    public byte[]? CalleeAck { get; set; }

    public long SdpSessionId { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public long CallerSdpVersion { get; set; }

    public long CalleeSdpVersion { get; set; }

    /// <summary>Cancelled when the call ends; stops the announcement, timers and retransmissions.</summary>
    public CancellationTokenSource Ending { get; } = new();

    public Task Announcing { get; set; } = Task.CompletedTask;
}
