using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core.Transcription;
using RecAce.Core.Transcription.Worker;

namespace RecAce.Core.Tests.Transcription;

/// <summary>The supervisor against stand-in workers: one that hangs, one that aborts, one that answers.</summary>
public sealed class TranscriptionWorkerClientTests
{
    private static readonly TranscriptionRequest Request = new("model.bin", null, [new ChannelAudio(Speaker.OutsideParty, "a.f32")], "ja", 1);

    private static TranscriptionWorkerClient CreateSut(string script, TimeSpan? timeout = null) =>
        new(new WorkerLaunch("/bin/sh", ["-c", script]), timeout ?? TimeSpan.FromSeconds(30), NullLogger<TranscriptionWorkerClient>.Instance);

    [Fact]
    public async Task TranscribeAsync_WorkerKilledWithSigkillMidJob_FailsThatJobOnly()
    {
        if (OperatingSystem.IsWindows()) return;
        using var sut = CreateSut("read job; exec sleep 60");
        var run = sut.TranscribeAsync(Request, CancellationToken.None);
        var pid = await WaitForWorkerAsync(sut);

        Process.Start("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

        var e = await Assert.ThrowsAsync<TranscriptionFailedException>(() => run);
        Assert.Contains("137", e.Message, StringComparison.Ordinal);
        Assert.Empty(sut.RunningProcessIds);
    }

    [Fact]
    public async Task TranscribeAsync_WorkerAborts_ReportsExit134AsABadModel()
    {
        if (OperatingSystem.IsWindows()) return;
        using var sut = CreateSut("read job; echo 'GGML_ASSERT failed' >&2; kill -ABRT $$");

        var e = await Assert.ThrowsAsync<TranscriptionFailedException>(() => sut.TranscribeAsync(Request, CancellationToken.None));

        Assert.Contains("134", e.Message, StringComparison.Ordinal);
        Assert.Contains("GGML_ASSERT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TranscribeAsync_WorkerHangs_KilledAtTimeout()
    {
        if (OperatingSystem.IsWindows()) return;
        using var sut = CreateSut("read job; sleep 60", TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<TranscriptionFailedException>(() => sut.TranscribeAsync(Request, CancellationToken.None));

        Assert.Contains("hung", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task TranscribeAsync_WorkerAnswers_ReturnsSegmentsIgnoringStrayOutput()
    {
        if (OperatingSystem.IsWindows()) return;
        const string answer = """
            read job; echo 'whisper_init_from_file: loading model'; echo '{"segment":{"speaker":1,"startMs":1200,"endMs":2500,"text":"お電話ありがとうございます"}}'; echo '{"done":{"audioMs":4000,"speechMs":1300}}'
            """;
        using var sut = CreateSut(answer);

        var result = await sut.TranscribeAsync(Request, CancellationToken.None);

        var s = Assert.Single(result.Segments);
        Assert.Equal(Speaker.Staff, s.Speaker);
        Assert.Equal("お電話ありがとうございます", s.Text);
        Assert.Equal(TimeSpan.FromMilliseconds(1200), s.Start);
        Assert.Equal(TimeSpan.FromMilliseconds(1300), result.Speech);
    }

    [Fact]
    public void Merge_TwoChannels_OrdersByTimeWithSpeakers()
    {
        var merged = TranscriptMerger.Merge([
            new TranscriptSegment(Speaker.Staff, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2), "はい、市役所です"),
            new TranscriptSegment(Speaker.OutsideParty, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(4), "住民票のことで"),
            new TranscriptSegment(Speaker.Staff, TimeSpan.FromSeconds(4.2), TimeSpan.FromSeconds(5), "承知しました"),
        ]);

        Assert.Equal(["はい、市役所です", "住民票のことで", "承知しました"], merged.Select(s => s.Text));
    }

    private static async Task<int> WaitForWorkerAsync(TranscriptionWorkerClient sut)
    {
        for (var i = 0; i < 200; i++)
        {
            if (sut.RunningProcessIds.Count > 0) return sut.RunningProcessIds.First();
            await Task.Delay(25);
        }

        throw new TimeoutException("worker did not start");
    }
}
