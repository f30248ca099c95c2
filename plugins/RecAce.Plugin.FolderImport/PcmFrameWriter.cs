using System.Buffers.Binary;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport;

/// <summary>
/// Writes decoded channels to a recording as 20 ms <see cref="AudioCodec.Pcm16"/> frames, frame by
/// frame across the legs so the core sees the legs advance together as in a live call.
/// </summary>
internal static class PcmFrameWriter
{
    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);

    /// <summary>Writes every channel's samples; the last frame may be shorter.</summary>
    /// <param name="recording">The open recording.</param>
    /// <param name="legs">Leg ids with the channel each carries; SSRC is the leg's index + 1.</param>
    /// <param name="sampleRate">Sample rate of the samples in Hz.</param>
    /// <param name="startedAt">Arrival time of the first frame.</param>
    public static void Write(ICallRecording recording, IReadOnlyList<(string LegId, short[] Samples)> legs, int sampleRate, DateTimeOffset startedAt)
    {
        var samplesPerFrame = sampleRate / 50;
        var length = legs.Max(l => l.Samples.Length);
        var frameCount = (length + samplesPerFrame - 1) / samplesPerFrame;
        // Write copies the payload, so one buffer serves every frame.
        var buffer = new byte[samplesPerFrame * sizeof(short)];
        for (var i = 0; i < frameCount; i++)
        {
            var offset = i * samplesPerFrame;
            var arrival = startedAt + (FrameDuration * i);
            for (var leg = 0; leg < legs.Count; leg++)
            {
                var samples = legs[leg].Samples;
                var count = Math.Min(samplesPerFrame, samples.Length - offset);
                if (count <= 0)
                    continue;
                for (var s = 0; s < count; s++)
                    BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(s * sizeof(short)), samples[offset + s]);
                var frame = new AudioFrame(
                    AudioCodec.Pcm16,
                    buffer.AsMemory(0, count * sizeof(short)),
                    unchecked((ushort)i),
                    unchecked((uint)((long)i * samplesPerFrame)),
                    (uint)(leg + 1),
                    arrival,
                    sampleRate);
                recording.Write(legs[leg].LegId, frame);
            }
        }
    }
}
