namespace RecAce.Plugin.Capture;

/// <summary>
/// What the capture path saw, by category. Written by the one packet thread, read by health checks:
/// 64-bit reads of a counter being incremented are at worst one packet old, which is fine for reporting.
/// </summary>
internal sealed class CaptureCounters
{
    public long Packets;
    public long Bytes;
    public long Truncated;
    public long Malformed;
    public long AbsurdLength;
    public long UnsupportedLinkType;
    public long UnsupportedEtherType;
    public long TooDeep;
    public long Vlan;
    public long Tunnelled;
    public long Ipv4BadChecksum;
    public long IpFragments;
    public long IpReassembled;
    public long IpFragmentsExpired;
    public long Udp;
    public long Tcp;
    public long TcpOutOfOrder;
    public long TcpGaps;
    public long SipMessages;
    public long SipMalformed;
    public long RtpMatched;
    public long RtpUnmatched;
    public long RtpEarlyBuffered;
    public long RtpUnsupportedCodec;
    public long RtpComfortNoise;
    public long DtmfEvents;
    public long OrphanRtp;
    public long CallsOpened;
    public long CallsFailed;
    public long CallsTimedOut;
    public long KernelDrops;
    public long InterfaceDrops;

    /// <summary>Records that could not be decoded at all: what the import reports as errors.</summary>
    public long Errors => Truncated + Malformed + AbsurdLength + SipMalformed;

    public Dictionary<string, long> Snapshot() => new(StringComparer.Ordinal)
    {
        ["packets"] = Packets,
        ["bytes"] = Bytes,
        ["file.truncated"] = Truncated,
        ["file.absurdLength"] = AbsurdLength,
        ["frame.malformed"] = Malformed,
        ["frame.unsupportedLinkType"] = UnsupportedLinkType,
        ["frame.unsupportedEtherType"] = UnsupportedEtherType,
        ["frame.tooDeep"] = TooDeep,
        ["frame.vlan"] = Vlan,
        ["frame.tunnelled"] = Tunnelled,
        ["ip.badChecksum"] = Ipv4BadChecksum,
        ["ip.fragments"] = IpFragments,
        ["ip.reassembled"] = IpReassembled,
        ["ip.fragmentsExpired"] = IpFragmentsExpired,
        ["udp"] = Udp,
        ["tcp"] = Tcp,
        ["tcp.outOfOrder"] = TcpOutOfOrder,
        ["tcp.gaps"] = TcpGaps,
        ["sip.messages"] = SipMessages,
        ["sip.malformed"] = SipMalformed,
        ["rtp.matched"] = RtpMatched,
        ["rtp.unmatched"] = RtpUnmatched,
        ["rtp.earlyBuffered"] = RtpEarlyBuffered,
        ["rtp.unsupportedCodec"] = RtpUnsupportedCodec,
        ["rtp.comfortNoise"] = RtpComfortNoise,
        ["rtp.orphan"] = OrphanRtp,
        ["dtmf.events"] = DtmfEvents,
        ["calls.opened"] = CallsOpened,
        ["calls.failed"] = CallsFailed,
        ["calls.timedOut"] = CallsTimedOut,
        ["drops.kernel"] = KernelDrops,
        ["drops.interface"] = InterfaceDrops,
    };
}
