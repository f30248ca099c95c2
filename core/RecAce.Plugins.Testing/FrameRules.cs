namespace RecAce.Plugins.Testing;

/// <summary>What makes an <see cref="AudioFrame"/> valid for the host's pipeline.</summary>
public static class FrameRules
{
    /// <summary>The first problem found with a frame, or null when it is valid.</summary>
    /// <param name="frame">The frame.</param>
    public static string? Check(in AudioFrame frame)
    {
        if (!Enum.IsDefined(frame.Codec)) return $"unknown codec {(int)frame.Codec}";
        if (frame.Payload.IsEmpty) return "empty payload";
        if (frame.Payload.Length > 8192) return $"payload of {frame.Payload.Length} bytes (more than 8 KiB in one frame)";
        if (frame.Codec is AudioCodec.L16 or AudioCodec.Pcm16)
        {
            if (frame.Payload.Length % 2 != 0) return "16-bit PCM payload of odd length";
            if (frame.SampleRate is < 8000 or > 48000) return $"sample rate {frame.SampleRate} outside 8000-48000 Hz";
        }

        if (frame.ArrivalTime == default) return "arrival time not set";
        return null;
    }
}
