using NAudio.Codecs;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// Decodes and encodes one direction's audio: G.711 u-law and A-law at 8 kHz, G.722 at 16 kHz
/// (its RTP clock is 8 kHz, so 20 ms is 160 ticks for all three). One instance per direction:
/// G.722 keeps adaptive state between packets.
/// </summary>
internal sealed class VoiceCodec(AudioCodec codec)
{
    private readonly G722Codec _g722 = new();
    private G722CodecState? _state;
    private byte[] _bytes = [];
    private short[] _samples = [];

    public AudioCodec Codec { get; } = codec;

    public int SampleRate => Codec == AudioCodec.G722 ? 16000 : 8000;

    /// <summary>Samples a payload decodes to.</summary>
    public int SamplesIn(int payloadBytes) => Codec == AudioCodec.G722 ? payloadBytes * 2 : payloadBytes;

    /// <summary>Bytes a number of samples encodes to.</summary>
    public int BytesFor(int samples) => Codec == AudioCodec.G722 ? samples / 2 : samples;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> output)
    {
        switch (Codec)
        {
            case AudioCodec.Pcmu:
                for (var i = 0; i < payload.Length; i++) output[i] = MuLawDecoder.MuLawToLinearSample(payload[i]);
                return payload.Length;
            case AudioCodec.Pcma:
                for (var i = 0; i < payload.Length; i++) output[i] = ALawDecoder.ALawToLinearSample(payload[i]);
                return payload.Length;
            default:
                _state ??= new G722CodecState(64000, G722Flags.None);
                if (_bytes.Length < payload.Length) _bytes = new byte[payload.Length];
                if (_samples.Length < payload.Length * 2) _samples = new short[payload.Length * 2];
                payload.CopyTo(_bytes);
                var n = _g722.Decode(_state, _samples, _bytes, payload.Length);
                _samples.AsSpan(0, n).CopyTo(output);
                return n;
        }
    }

    public int Encode(ReadOnlySpan<short> samples, Span<byte> output)
    {
        switch (Codec)
        {
            case AudioCodec.Pcmu:
                for (var i = 0; i < samples.Length; i++) output[i] = MuLawEncoder.LinearToMuLawSample(samples[i]);
                return samples.Length;
            case AudioCodec.Pcma:
                for (var i = 0; i < samples.Length; i++) output[i] = ALawEncoder.LinearToALawSample(samples[i]);
                return samples.Length;
            default:
                _state ??= new G722CodecState(64000, G722Flags.None);
                if (_samples.Length < samples.Length) _samples = new short[samples.Length];
                if (_bytes.Length < samples.Length) _bytes = new byte[samples.Length];
                samples.CopyTo(_samples);
                var n = _g722.Encode(_state, _bytes, _samples, samples.Length);
                _bytes.AsSpan(0, n).CopyTo(output);
                return n;
        }
    }
}

/// <summary>Turns one codec's payload into another's: decode, change the rate (8 kHz and 16 kHz), encode.</summary>
internal sealed class Transcoder(AudioCodec from, AudioCodec to)
{
    private readonly VoiceCodec _decoder = new(from);
    private readonly VoiceCodec _encoder = new(to);
    private readonly short[] _decoded = new short[4096];
    private readonly short[] _resampled = new short[8192];
    private short _last;

    /// <summary>Writes the converted payload into <paramref name="output"/> and returns its length.</summary>
    public int Convert(ReadOnlySpan<byte> payload, Span<byte> output)
    {
        if (_decoder.SamplesIn(payload.Length) > _decoded.Length) return 0;
        var n = _decoder.Decode(payload, _decoded);
        ReadOnlySpan<short> samples = _decoded.AsSpan(0, n);
        if (_decoder.SampleRate == 8000 && _encoder.SampleRate == 16000)
        {
            // Linear interpolation: good enough for speech, and no delay.
            for (var i = 0; i < n; i++)
            {
                _resampled[2 * i] = (short)((_last + samples[i]) / 2);
                _resampled[(2 * i) + 1] = samples[i];
                _last = samples[i];
            }

            samples = _resampled.AsSpan(0, n * 2);
        }
        else if (_decoder.SampleRate == 16000 && _encoder.SampleRate == 8000)
        {
            // G.722's lower sub-band already limits the signal near 4 kHz; averaging pairs is enough.
            for (var i = 0; i < n / 2; i++) _resampled[i] = (short)((samples[2 * i] + samples[(2 * i) + 1]) / 2);
            samples = _resampled.AsSpan(0, n / 2);
        }

        return _encoder.Encode(samples, output);
    }
}
