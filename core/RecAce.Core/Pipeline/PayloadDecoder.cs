using System.Buffers.Binary;
using NAudio.Codecs;
using RecAce.Plugins;

namespace RecAce.Core.Pipeline;

/// <summary>
/// Decodes one packet's payload to 16-bit PCM. One instance per leg: G.722 keeps state between packets.
/// </summary>
internal sealed class PayloadDecoder
{
    // Made on the first G.722 payload: a G.711 leg (most calls) never needs the codec's tables.
    private G722Codec? _g722;
    private G722CodecState? _g722State;
    private byte[] _scratch = [];
    private short[] _g722Samples = [];

    public PayloadDecoder(AudioCodec codec, int sampleRate)
    {
        Codec = codec;
        SampleRate = codec switch
        {
            AudioCodec.Pcmu or AudioCodec.Pcma => 8000,
            AudioCodec.G722 => 16000,
            AudioCodec.L16 or AudioCodec.Pcm16 => sampleRate is >= 8000 and <= 48000 ? sampleRate : throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be 8000 to 48000 Hz."),
            _ => throw new NotSupportedException($"Codec {codec} is not decoded in process."),
        };
    }

    public AudioCodec Codec { get; }

    /// <summary>Output samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>Output samples per RTP clock tick: G.722 runs a 16 kHz signal on an 8 kHz RTP clock (RFC 3551).</summary>
    public int SamplesPerTick => Codec == AudioCodec.G722 ? 2 : 1;

    /// <summary>Samples <paramref name="payload"/> decodes to, or -1 when the payload is malformed.</summary>
    public int SampleCount(ReadOnlySpan<byte> payload) => Codec switch
    {
        AudioCodec.Pcmu or AudioCodec.Pcma => payload.Length,
        AudioCodec.G722 => payload.Length * 2,
        _ => payload.Length % 2 == 0 ? payload.Length / 2 : -1,
    };

    /// <summary>Decodes into <paramref name="output"/>, which must hold <see cref="SampleCount"/> samples.</summary>
    public void Decode(ReadOnlySpan<byte> payload, Span<short> output)
    {
        switch (Codec)
        {
            case AudioCodec.Pcmu:
                for (var i = 0; i < payload.Length; i++) output[i] = MuLawDecoder.MuLawToLinearSample(payload[i]);
                break;
            case AudioCodec.Pcma:
                for (var i = 0; i < payload.Length; i++) output[i] = ALawDecoder.ALawToLinearSample(payload[i]);
                break;
            case AudioCodec.G722:
                DecodeG722(payload, output);
                break;
            case AudioCodec.L16:
                for (var i = 0; i < output.Length; i++) output[i] = BinaryPrimitives.ReadInt16BigEndian(payload[(i * 2)..]);
                break;
            default:
                for (var i = 0; i < output.Length; i++) output[i] = BinaryPrimitives.ReadInt16LittleEndian(payload[(i * 2)..]);
                break;
        }
    }

    private void DecodeG722(ReadOnlySpan<byte> payload, Span<short> output)
    {
        _g722State ??= new G722CodecState(64000, G722Flags.None);
        if (_scratch.Length < payload.Length) _scratch = new byte[Math.Max(payload.Length, 320)];
        payload.CopyTo(_scratch);
        // NAudio decodes into arrays only; both are kept per leg so a packet allocates nothing.
        if (_g722Samples.Length < payload.Length * 2) _g722Samples = new short[Math.Max(payload.Length * 2, 640)];
        _g722 ??= new G722Codec();
        var n = _g722.Decode(_g722State, _g722Samples, _scratch, payload.Length);
        _g722Samples.AsSpan(0, Math.Min(n, output.Length)).CopyTo(output);
    }
}
