using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Sip;

/// <summary>What an RTP payload type carries, as far as the recorder is concerned.</summary>
internal enum PayloadCategory
{
    Unknown = 0,
    Audio = 1,
    TelephoneEvent = 2,
    ComfortNoise = 3,
    Unsupported = 4,
}

/// <summary>A payload type's meaning: a codec the core decodes, DTMF, comfort noise, or a named codec that is skipped.</summary>
internal readonly record struct PayloadKind(PayloadCategory Category, AudioCodec Codec, int SampleRate, string Name)
{
    public static PayloadKind Unknown(int payloadType) => new(PayloadCategory.Unknown, default, 0, $"PT {payloadType}");

    /// <summary>The static payload types of RFC 3551, and dynamic ones by their rtpmap name.</summary>
    public static PayloadKind Resolve(int payloadType, RtpMap? map)
    {
        if (map is { } m)
        {
            return m.Encoding switch
            {
                "PCMU" => new(PayloadCategory.Audio, AudioCodec.Pcmu, 8000, "PCMU"),
                "PCMA" => new(PayloadCategory.Audio, AudioCodec.Pcma, 8000, "PCMA"),
                "G722" => new(PayloadCategory.Audio, AudioCodec.G722, 16000, "G722"),
                "L16" when m.Channels == 1 && m.ClockRate is >= 8000 and <= 48000 => new(PayloadCategory.Audio, AudioCodec.L16, m.ClockRate, "L16"),
                "TELEPHONE-EVENT" => new(PayloadCategory.TelephoneEvent, default, m.ClockRate, "telephone-event"),
                "CN" => new(PayloadCategory.ComfortNoise, default, 8000, "CN"),
                _ => new(PayloadCategory.Unsupported, default, m.ClockRate, $"{m.Encoding}/{m.ClockRate}"),
            };
        }
        return payloadType switch
        {
            0 => new(PayloadCategory.Audio, AudioCodec.Pcmu, 8000, "PCMU"),
            8 => new(PayloadCategory.Audio, AudioCodec.Pcma, 8000, "PCMA"),
            9 => new(PayloadCategory.Audio, AudioCodec.G722, 16000, "G722"),
            11 => new(PayloadCategory.Audio, AudioCodec.L16, 44100, "L16"),
            10 => new(PayloadCategory.Unsupported, default, 44100, "L16/44100/2 (stereo)"),
            13 or 19 => new(PayloadCategory.ComfortNoise, default, 8000, "CN"),
            2 => new(PayloadCategory.Unsupported, default, 8000, "G726-32"),
            3 => new(PayloadCategory.Unsupported, default, 8000, "GSM"),
            4 => new(PayloadCategory.Unsupported, default, 8000, "G723"),
            18 => new(PayloadCategory.Unsupported, default, 8000, "G729"),
            _ => Unknown(payloadType),
        };
    }
}
