using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// An announcement decoded once (at start) to 16-bit PCM at 8 kHz and 16 kHz, cut into 20 ms
/// packets in the caller's codec when played.
/// </summary>
internal sealed class Announcement(string path, short[] narrowband, short[] wideband)
{
    /// <summary>RTP clock ticks per packet: 20 ms at the 8 kHz clock of G.711 and G.722.</summary>
    public const int TicksPerPacket = 160;

    public string Path { get; } = path;

    /// <summary>Number of 20 ms packets.</summary>
    public int Packets => (narrowband.Length + TicksPerPacket - 1) / TicksPerPacket;

    public TimeSpan Duration => TimeSpan.FromMilliseconds(Packets * 20);

    /// <summary>The PCM of packet <paramref name="index"/> at the codec's rate, zero-padded at the end.</summary>
    public ReadOnlySpan<short> Samples(int index, AudioCodec codec, Span<short> buffer)
    {
        var source = codec == AudioCodec.G722 ? wideband : narrowband;
        var per = codec == AudioCodec.G722 ? TicksPerPacket * 2 : TicksPerPacket;
        var span = buffer[..per];
        span.Clear();
        var start = index * per;
        if (start < source.Length) source.AsSpan(start, Math.Min(per, source.Length - start)).CopyTo(span);
        return span;
    }

    /// <summary>Decodes the file with the host's decoder (FFmpeg), mixing channels to mono.</summary>
    public static async Task<Announcement> LoadAsync(IAudioFileDecoder decoder, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var narrow = await decoder.DecodeAsync(path, 8000, cancellationToken);
        var wide = await decoder.DecodeAsync(path, 16000, cancellationToken);
        return new Announcement(path, Mono(narrow), Mono(wide));
    }

    private static short[] Mono(DecodedAudio audio)
    {
        if (audio.Channels.Count == 1) return audio.Channels[0];
        var length = audio.Channels[0].Length;
        var mono = new short[length];
        for (var i = 0; i < length; i++)
        {
            var sum = 0;
            foreach (var channel in audio.Channels) sum += channel[i];
            mono[i] = (short)(sum / audio.Channels.Count);
        }

        return mono;
    }
}

/// <summary>The short tone that reminds the caller the call is recorded: 1 kHz, 200 ms, moderate level.</summary>
internal static class RecordingBeep
{
    public const int Packets = 10;

    public static ReadOnlySpan<short> Samples(int index, AudioCodec codec, Span<short> buffer)
    {
        var rate = codec == AudioCodec.G722 ? 16000 : 8000;
        var per = rate / 50;
        var span = buffer[..per];
        for (var i = 0; i < per; i++)
            span[i] = (short)(6000 * Math.Sin(2 * Math.PI * 1000 * ((index * per) + i) / rate));
        return span;
    }
}
