using RecAce.Core.Pipeline;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Pipeline;

public sealed class LegPipelineTests
{
    private static (LegPipeline Pipeline, MemoryLegOutput Output) CreateSut(int jitterMs = 60)
    {
        var output = new MemoryLegOutput();
        return (new LegPipeline(output, RtpStream.Start, jitterMs), output);
    }

    [Fact]
    public void Accept_InOrder_WritesEverySampleAndCountsNoLoss()
    {
        var (sut, output) = CreateSut();
        for (var i = 0; i < 100; i++) sut.Accept(RtpStream.Pcmu(i));
        sut.Flush();

        Assert.Equal(100 * 160, output.SamplesWritten);
        Assert.Equal(new LegCounters { Packets = 100 }, sut.Counters);
        Assert.Equal(8000, sut.SampleRate);
    }

    [Fact]
    public void Accept_ReorderedDuplicatedAndFivePercentLost_DurationEqualsWallTimeAndCountersAreExact()
    {
        const int packets = 1000;
        var random = new Random(42);
        var lost = Enumerable.Range(1, packets - 2).OrderBy(_ => random.Next()).Take(packets / 20).ToHashSet();
        var duplicated = Enumerable.Range(1, packets - 2).Where(i => !lost.Contains(i)).OrderBy(_ => random.Next()).Take(17).ToHashSet();

        // Send order: every 7th pair of neighbours swapped (reordering within the jitter window),
        // arrival times follow the send order.
        var order = Enumerable.Range(0, packets).ToArray();
        for (var i = 3; i + 1 < packets; i += 7) (order[i], order[i + 1]) = (order[i + 1], order[i]);
        var (sut, output) = CreateSut();
        foreach (var index in order)
        {
            if (lost.Contains(index)) continue;
            sut.Accept(RtpStream.Pcmu(index, arrivalJitterMs: 5));
            if (duplicated.Contains(index)) sut.Accept(RtpStream.Pcmu(index, arrivalJitterMs: 10));
        }

        sut.Flush();

        Assert.Equal(packets * 160, output.SamplesWritten - LeadingSilence(5));
        Assert.Equal(lost.Count, sut.Counters.Lost);
        Assert.Equal(duplicated.Count, sut.Counters.Duplicate);
        Assert.Equal(0, sut.Counters.Late);
        Assert.Equal(packets - lost.Count, sut.Counters.Packets);
    }

    [Fact]
    public void Accept_PacketOlderThanJitterWindow_CountedLateAndDropped()
    {
        var (sut, output) = CreateSut(jitterMs: 60);
        sut.Accept(RtpStream.Pcmu(0));
        for (var i = 2; i < 10; i++) sut.Accept(RtpStream.Pcmu(i));
        sut.Accept(RtpStream.Pcmu(1, arrivalJitterMs: 200));
        sut.Flush();

        Assert.Equal(1, sut.Counters.Late);
        Assert.Equal(1, sut.Counters.Lost);
        Assert.Equal(10 * 160, output.SamplesWritten);
    }

    [Fact]
    public void Accept_SequenceWrapsAt65536_NoLossCounted()
    {
        var (sut, output) = CreateSut();
        for (var i = 0; i < 50; i++) sut.Accept(RtpStream.Pcmu(i, firstSequence: 65510, firstTimestamp: uint.MaxValue - 1000));
        sut.Flush();

        Assert.Equal(0, sut.Counters.Lost);
        Assert.Equal(50 * 160, output.SamplesWritten);
    }

    [Fact]
    public void Accept_SsrcChangesAfterHold_NewStreamPlacedByArrivalTime()
    {
        var (sut, output) = CreateSut();
        for (var i = 0; i < 50; i++) sut.Accept(RtpStream.Pcmu(i));
        // After a 2 s hold the phone resumes with a new SSRC, sequence and timestamp base.
        for (var i = 150; i < 200; i++) sut.Accept(RtpStream.Pcmu(i, firstSequence: 7, firstTimestamp: 99, ssrc: 0xBEEF));
        sut.Flush();

        Assert.Equal(200 * 160, output.SamplesWritten);
        Assert.Equal(0, sut.Counters.Lost);
    }

    [Fact]
    public void Accept_OddLengthL16Payload_CountedMalformedNotThrown()
    {
        var (sut, output) = CreateSut();
        sut.Accept(new AudioFrame(AudioCodec.L16, new byte[3], 1, 0, 1, RtpStream.Start, 16000));
        sut.Accept(new AudioFrame(AudioCodec.L16, new byte[640], 2, 320, 1, RtpStream.Start, 16000));
        sut.Flush();

        Assert.Equal(1, sut.Counters.Malformed);
        Assert.Equal(320, output.SamplesWritten);
        Assert.Equal(16000, sut.SampleRate);
    }

    [Fact]
    public void Accept_G722_DecodesToSixteenKilohertz()
    {
        var (sut, output) = CreateSut();
        for (var i = 0; i < 10; i++)
        {
            sut.Accept(new AudioFrame(AudioCodec.G722, Enumerable.Repeat((byte)0x55, 160).ToArray(), (ushort)i, (uint)(i * 160), 9, RtpStream.Start + TimeSpan.FromMilliseconds(i * 20)));
        }

        sut.Flush();

        Assert.Equal(16000, sut.SampleRate);
        Assert.Equal(10 * 320, output.SamplesWritten);
    }

    [Fact]
    public void Accept_FirstPacketLate_LeadingSilenceAlignsLegToCallStart()
    {
        var (sut, output) = CreateSut();
        sut.Accept(RtpStream.Pcmu(0, arrivalJitterMs: 500));
        sut.Flush();

        Assert.Equal(4000 + 160, output.SamplesWritten);
    }

    private static int LeadingSilence(double firstArrivalMs) => (int)Math.Round(firstArrivalMs * 8);
}
