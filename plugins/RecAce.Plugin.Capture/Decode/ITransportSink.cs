using RecAce.Plugin.Capture.Net;

namespace RecAce.Plugin.Capture.Decode;

/// <summary>Receives what the decoder finds under all encapsulations: UDP datagrams and TCP segments.</summary>
internal interface ITransportSink
{
    void OnUdp(MediaEndpoint source, MediaEndpoint destination, ReadOnlySpan<byte> payload, DateTimeOffset time);

    void OnTcp(MediaEndpoint source, MediaEndpoint destination, uint sequence, byte flags, ReadOnlySpan<byte> payload, DateTimeOffset time);
}
