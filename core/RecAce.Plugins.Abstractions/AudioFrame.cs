namespace RecAce.Plugins;

/// <summary>
/// One packet of audio for one leg, as it came off the wire (RTP payload) or as PCM.
/// </summary>
/// <remarks>
/// For RTP, give the header's sequence number, timestamp and SSRC as received; the core reorders
/// by sequence number within its jitter window, fills gaps from the timestamps and counts loss,
/// lateness and duplicates per leg. For PCM from files, number frames 0, 1, 2, ... and give the
/// timestamp as the index of the frame's first sample.
/// A frame is a value; its payload is copied by <see cref="ICallRecording.Write"/>, so the
/// caller may reuse its buffer afterwards.
/// </remarks>
/// <param name="Codec">Payload encoding.</param>
/// <param name="Payload">The RTP payload (no RTP header), or little-endian 16-bit PCM for <see cref="AudioCodec.Pcm16"/>.</param>
/// <param name="SequenceNumber">RTP sequence number (wraps at 65536).</param>
/// <param name="Timestamp">RTP timestamp in units of the codec's RTP clock (8000 Hz for G.711 and G.722, the sample rate for L16 and PCM).</param>
/// <param name="Ssrc">RTP synchronization source. A change restarts sequence tracking for the leg; it is never used alone to tell legs apart.</param>
/// <param name="ArrivalTime">When the packet arrived (capture timestamp for offline files).</param>
/// <param name="SampleRate">Sample rate in Hz for <see cref="AudioCodec.L16"/> and <see cref="AudioCodec.Pcm16"/> (8000 to 48000); ignored for the other codecs. Default 8000.</param>
public readonly record struct AudioFrame(
    AudioCodec Codec,
    ReadOnlyMemory<byte> Payload,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    DateTimeOffset ArrivalTime,
    int SampleRate = 8000);

/// <summary>Payload encodings the core decodes per packet.</summary>
public enum AudioCodec
{
    /// <summary>G.711 μ-law (RTP payload type 0), 8 kHz.</summary>
    Pcmu = 0,

    /// <summary>G.711 A-law (RTP payload type 8), 8 kHz.</summary>
    Pcma = 8,

    /// <summary>G.722 (RTP payload type 9), 16 kHz audio with an 8 kHz RTP clock (RFC 3551).</summary>
    G722 = 9,

    /// <summary>Linear 16-bit PCM in network byte order (big-endian), mono, as RTP L16 (RFC 3551).</summary>
    L16 = 11,

    /// <summary>Linear 16-bit PCM in little-endian byte order, mono: audio from files or sound cards.</summary>
    Pcm16 = 1000,
}
