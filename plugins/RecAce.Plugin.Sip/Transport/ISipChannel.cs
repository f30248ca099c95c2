using System.Net;

namespace RecAce.Plugin.Sip.Transport;

/// <summary>Where a message came from and how to answer it: a UDP peer address or a TCP connection.</summary>
internal interface ISipChannel
{
    /// <summary>UDP or TCP, as written in Via.</summary>
    string Transport { get; }

    /// <summary>Whether the transport is reliable (no retransmission of responses).</summary>
    bool IsReliable { get; }

    IPEndPoint Remote { get; }

    /// <summary>The local address the message arrived on.</summary>
    IPAddress LocalAddress { get; }

    /// <summary>Sends one serialized message; failures are logged, never thrown.</summary>
    ValueTask SendAsync(byte[] message);
}
