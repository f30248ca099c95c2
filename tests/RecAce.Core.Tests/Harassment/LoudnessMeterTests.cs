using System.Buffers.Binary;
using RecAce.Core.Harassment;

namespace RecAce.Core.Tests.Harassment;

public sealed class LoudnessMeterTests
{
    [Fact]
    public void Write_FramesSplitAcrossOddSizedWrites_GivesTheSameWindowsAsOneWrite()
    {
        var pcm = Stereo(seconds: 1.2, leftAmplitude: 16384, rightAmplitude: 0);
        var whole = new LoudnessMeter(8000, 400);
        whole.Write(pcm);
        whole.Complete();
        var pieces = new LoudnessMeter(8000, 400);
        for (var i = 0; i < pcm.Length; i += 7) pieces.Write(pcm.AsSpan(i, Math.Min(7, pcm.Length - i)));
        pieces.Complete();

        Assert.Equal(3, whole.Windows.Count);
        Assert.Equal(whole.Windows, pieces.Windows);
    }

    [Fact]
    public void Write_HalfScaleSine_IsAboutMinus9DbfsAndSilenceIsTheFloor()
    {
        var meter = new LoudnessMeter(8000, 400);
        meter.Write(Stereo(seconds: 0.8, leftAmplitude: 16384, rightAmplitude: 0));
        meter.Complete();

        // A sine's RMS is its peak / √2: 0.5 / √2 is -9.03 dBFS.
        Assert.All(meter.Windows, w => Assert.InRange(w.Left, -9.2, -8.9));
        Assert.All(meter.Windows, w => Assert.Equal(-120, w.Right));
    }

    [Fact]
    public void Complete_ShortTail_IsDroppedUnlessHalfAWindow()
    {
        var meter = new LoudnessMeter(8000, 400);
        meter.Write(Stereo(seconds: 0.5, leftAmplitude: 1000, rightAmplitude: 1000));
        meter.Complete();

        Assert.Single(meter.Windows);
    }

    private static byte[] Stereo(double seconds, double leftAmplitude, double rightAmplitude)
    {
        var frames = (int)(seconds * 8000);
        var bytes = new byte[frames * 4];
        for (var i = 0; i < frames; i++)
        {
            var s = Math.Sin(2 * Math.PI * 440 * i / 8000.0);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 4), (short)(leftAmplitude * s));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((i * 4) + 2), (short)(rightAmplitude * s));
        }

        return bytes;
    }
}
