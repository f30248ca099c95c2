using System.Globalization;
using System.Net;
using RecAce.Plugin.Sip.Calls;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Transport;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// Our half of one SIP dialog of a relayed call: towards the caller (we are its UAS) or towards
/// the target (we are its UAC). Enough to send requests inside it (RFC 3261 section 12.2.1.1).
/// </summary>
internal sealed class LegDialog(string callId, string localUri, string localTag, string remoteUri, ISipChannel channel, int localPort)
{
    private uint _localCSeq;

    public string CallId { get; } = callId;

    /// <summary>Our From (without tag) in requests we send in this dialog.</summary>
    public string LocalUri { get; } = localUri;

    public string LocalTag { get; } = localTag;

    /// <summary>The peer's address as we write it in To (tag added once known).</summary>
    public string RemoteUri { get; set; } = remoteUri;

    public string? RemoteTag { get; set; }

    /// <summary>Where requests go (the peer's Contact).</summary>
    public string? RemoteTarget { get; set; }

    public ISipChannel Channel { get; set; } = channel;

    /// <summary>The highest CSeq the peer has used in this dialog.</summary>
    public uint RemoteCSeq { get; set; }

    public uint NextCSeq() => Interlocked.Increment(ref _localCSeq);

    public void StartCSeqAt(uint value) => _localCSeq = value;

    public SipMessage Request(string method, uint cseq, string? branch = null)
    {
        var request = SipMessage.Request(method, RemoteTarget ?? RemoteUri);
        request.Add(SipHeaderNames.Via, Via(Channel, localPort, branch ?? SipIds.Branch()));
        request.Add(SipHeaderNames.MaxForwards, "70");
        request.Add(SipHeaderNames.From, $"{LocalUri};tag={LocalTag}");
        request.Add(SipHeaderNames.To, RemoteTag is null ? RemoteUri : $"{RemoteUri};tag={RemoteTag}");
        request.Add(SipHeaderNames.CallId, CallId);
        request.Add(SipHeaderNames.CSeq, string.Create(CultureInfo.InvariantCulture, $"{cseq} {method}"));
        request.Add(SipHeaderNames.UserAgent, "RecAce");
        return request;
    }

    public static string Via(ISipChannel channel, int localPort, string branch)
    {
        var host = Host(channel.LocalAddress);
        return string.Create(CultureInfo.InvariantCulture, $"SIP/2.0/{channel.Transport} {host}:{localPort};branch={branch};rport");
    }

    public static string Contact(IPAddress local, int localPort) =>
        string.Create(CultureInfo.InvariantCulture, $"<sip:recace@{Host(local)}:{localPort}>");

    public static string Host(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    /// <summary>A header value without its tag parameter (From/To carried to the other leg).</summary>
    public static string WithoutTag(string value)
    {
        var close = value.LastIndexOf('>');
        var start = close >= 0 ? close : 0;
        var tag = value.IndexOf(";tag=", start, StringComparison.OrdinalIgnoreCase);
        if (tag < 0) return value;
        var end = value.IndexOf(';', tag + 1);
        return end < 0 ? value[..tag] : value[..tag] + value[end..];
    }
}
