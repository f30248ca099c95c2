using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Sdp;

/// <summary>The audio formats the recorder accepts, and the choice of one per offered m-line.</summary>
internal static class MediaFormat
{
    public const string TelephoneEvent = "TELEPHONE-EVENT";

    /// <summary>The codec of an encoding name, or null when the core cannot decode it.</summary>
    public static AudioCodec? Codec(string name) => name switch
    {
        "PCMU" => AudioCodec.Pcmu,
        "PCMA" => AudioCodec.Pcma,
        "G722" => AudioCodec.G722,
        _ => null,
    };

    /// <summary>The sample rate the core decodes a codec at (G.722's RTP clock says 8000 but its audio is 16 kHz).</summary>
    public static int SampleRate(AudioCodec codec) => codec == AudioCodec.G722 ? 16000 : 8000;

    /// <summary>
    /// The payload types of an m-line the recorder accepts: every decodable audio format offered (the
    /// sender may switch between them), plus telephone-event; null when nothing is decodable.
    /// </summary>
    public static IReadOnlyDictionary<int, string>? Accepted(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        if (media.Type != "audio" || media.Port == 0 || !media.Protocol.StartsWith("RTP/AVP", StringComparison.Ordinal)) return null;
        var accepted = new Dictionary<int, string>();
        foreach (var pt in media.PayloadTypes)
        {
            if (media.Formats.TryGetValue(pt, out var f) && (Codec(f.Name) is not null || f.Name == TelephoneEvent)) accepted[pt] = f.Name;
        }

        return accepted.Values.Any(n => n != TelephoneEvent) ? accepted : null;
    }
}
