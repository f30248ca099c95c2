namespace RecAce.Plugin.Sip.Transport;

/// <summary>Receives every framed message from the transports. Must not throw.</summary>
internal interface ISipMessageSink
{
    void Receive(ReadOnlyMemory<byte> data, ISipChannel channel);

    /// <summary>Something was dropped before it became a message (oversized, unframeable); logs it once.</summary>
    void Discard(string reason, ISipChannel channel);
}
