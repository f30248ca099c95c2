using System.Net;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Transport;

namespace RecAce.Plugin.Sip.Tests.Fakes;

/// <summary>A transport channel that keeps what the server sends.</summary>
internal sealed class CapturingChannel(string remote = "127.0.0.1", bool reliable = false) : ISipChannel
{
    private readonly List<byte[]> _sent = [];

    public string Transport => reliable ? "TCP" : "UDP";

    public bool IsReliable => reliable;

    public IPEndPoint Remote { get; } = new(IPAddress.Parse(remote), 5070);

    public IPAddress LocalAddress => IPAddress.Loopback;

    public IReadOnlyList<SipMessage> Sent
    {
        get
        {
            lock (_sent) return [.. _sent.Select(b => SipParser.Parse(b, 65536).Message!)];
        }
    }

    public ValueTask SendAsync(byte[] message)
    {
        lock (_sent) _sent.Add(message);
        return ValueTask.CompletedTask;
    }
}
