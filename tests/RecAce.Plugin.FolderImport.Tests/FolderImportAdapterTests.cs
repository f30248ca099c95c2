using System.Buffers.Binary;
using System.Security.Cryptography;
using RecAce.Plugin.FolderImport.Tests.Fakes;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport.Tests;

[Trait("Category", "Integration")]
public sealed class FolderImportAdapterTests : IAsyncLifetime
{
    private const string InboundName = "in-201-0312345678-20240102-091530-1704154530.42.wav";

    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _staging = new();
    private readonly FolderImportAdapter _adapter = new();
    private TestAdapterContext? _context;

    private string Inbox => _dir.Combine("inbox");

    private RecordingCallSink Sink => _context!.Sink;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Inbox);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _adapter.StopAsync(timeout.Token);
        _adapter.Dispose();
        _dir.Dispose();
        _staging.Dispose();
    }

    private Task StartAsync(IAudioFileDecoder? decoder = null, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Path"] = Inbox,
            ["PollIntervalSeconds"] = "0.2",
            ["StableSeconds"] = "0.5",
        };
        foreach (var (key, value) in settings)
            values[key] = value;
        _context = new TestAdapterContext(values, decoder, _dir.Path);
        return _adapter.StartAsync(_context, CancellationToken.None);
    }

    /// <summary>Makes a file elsewhere and moves it in whole, as a recorder that renames on completion would.</summary>
    private string Drop(string fileName, Action<string> make)
    {
        var staged = _staging.Combine(fileName);
        make(staged);
        var target = Path.Combine(Inbox, fileName);
        File.Move(staged, target);
        return target;
    }

    private static short[] Samples(IReadOnlyList<AudioFrame> frames) =>
        frames.SelectMany(f => Enumerable.Range(0, f.Payload.Length / 2)
            .Select(i => BinaryPrimitives.ReadInt16LittleEndian(f.Payload.Span[(i * 2)..]))).ToArray();

    private async Task<IReadOnlyDictionary<string, object>> HealthDataAsync() =>
        (await _adapter.CheckHealthAsync(CancellationToken.None)).Data!;

    [Fact]
    public async Task StartAsync_StereoMixMonitorWav_ImportsInboundCallWithTwoLegsAndMovesToDone()
    {
        await StartAsync();
        var path = Drop(InboundName, p => TestAudio.StereoWav(p, 3, 8000, 440, 1000));
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        Assert.True(await Eventually.TrueAsync(() => Sink.ClosedCalls.Count == 1 && File.Exists(Path.Combine(Inbox, "done", InboundName))));

        var call = Sink.ClosedCalls[0];
        Assert.Equal(CallEndReason.Normal, call.EndReason);
        Assert.Equal(CallDirection.Inbound, call.Info.Direction);
        Assert.Equal("201", call.Info.StaffExtension);
        Assert.Equal("0312345678", call.Info.OutsideNumber);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 9, 15, 30, TimeSpan.FromHours(9)), call.Info.StartedAt);
        Assert.Equal("1704154530.42", call.Info.AdapterCallId);
        Assert.Equal(digest, call.Info.SourceDigest);
        Assert.Equal(InboundName, call.Info.Extra["sourceFile"]);

        Assert.Equal([LegRole.Outside, LegRole.Staff], call.Legs.Select(l => l.Role));
        var outside = call.FramesOf(call.Legs[0].LegId);
        var staff = call.FramesOf(call.Legs[1].LegId);
        Assert.InRange(TestAudio.ToneHz(Samples(outside), 8000), 420, 460);
        Assert.InRange(TestAudio.ToneHz(Samples(staff), 8000), 980, 1020);
        Assert.InRange(Samples(outside).Length, 2.9 * 8000, 3.1 * 8000);
        Assert.InRange(Samples(staff).Length, 2.9 * 8000, 3.1 * 8000);

        for (var i = 0; i < outside.Count; i++)
        {
            var frame = outside[i];
            Assert.Equal(AudioCodec.Pcm16, frame.Codec);
            Assert.Equal(8000, frame.SampleRate);
            Assert.Equal((ushort)i, frame.SequenceNumber);
            Assert.Equal((uint)(i * 160), frame.Timestamp);
            Assert.Equal(1u, frame.Ssrc);
            Assert.Equal(call.Info.StartedAt + TimeSpan.FromMilliseconds(20 * i), frame.ArrivalTime);
            Assert.True(frame.Payload.Length <= 320);
        }
        Assert.All(staff, f => Assert.Equal(2u, f.Ssrc));

        Assert.False(File.Exists(path));
        var health = await _adapter.CheckHealthAsync(CancellationToken.None);
        Assert.Equal(AdapterHealthStatus.Healthy, health.Status);
        Assert.Equal(1L, health.Data!["imported"]);
        Assert.Empty(_context!.Faults);
    }

    [Fact]
    public async Task StartAsync_RecordingInFreePbxDateFolder_ImportedAndMovedUnderDone()
    {
        await StartAsync();
        var dateFolder = Path.Combine(Inbox, "2024", "01", "02");
        Directory.CreateDirectory(dateFolder);
        var staged = _staging.Combine(InboundName);
        TestAudio.StereoWav(staged, 1, 8000, 440, 1000);
        File.Move(staged, Path.Combine(dateFolder, InboundName));

        Assert.True(await Eventually.TrueAsync(() => File.Exists(Path.Combine(Inbox, "done", "2024", "01", "02", InboundName))));
        Assert.Single(Sink.ClosedCalls);
    }

    [Fact]
    public async Task StartAsync_ChannelRolesStaffOutside_FirstChannelIsStaff()
    {
        await StartAsync(settings: ("ChannelRoles", "staff,outside"));
        Drop(InboundName, p => TestAudio.StereoWav(p, 1, 8000, 440, 1000));

        Assert.True(await Eventually.TrueAsync(() => Sink.ClosedCalls.Count == 1));

        var call = Sink.ClosedCalls[0];
        var staff = call.Legs.Single(l => l.Role == LegRole.Staff);
        Assert.InRange(TestAudio.ToneHz(Samples(call.FramesOf(staff.LegId)), 8000), 420, 460);
    }

    [Fact]
    public async Task StartAsync_MonoWidebandMp3_ImportsOneMixedLegAt16k()
    {
        await StartAsync();
        Drop("out-0451234567-305-20231231-235959-1704034799.7.mp3", p => TestAudio.MonoMp3(p, 2, 22050, 500));

        Assert.True(await Eventually.TrueAsync(() => Sink.ClosedCalls.Count == 1));

        var call = Sink.ClosedCalls[0];
        Assert.Equal(CallDirection.Outbound, call.Info.Direction);
        var leg = Assert.Single(call.Legs);
        Assert.Equal(LegRole.Mixed, leg.Role);
        var frames = call.FramesOf(leg.LegId);
        Assert.All(frames, f => Assert.Equal(16000, f.SampleRate));
        Assert.Equal(320u, frames[1].Timestamp);
        Assert.InRange(Samples(frames).Length, 1.9 * 16000, 2.1 * 16000);
    }

    [Fact]
    public async Task StartAsync_ThreeChannelWav_ImportsFirstTwoChannels()
    {
        await StartAsync();
        Drop("three.wav", p => TestAudio.Channels(p, 1, 16000, 440, 1000, 2000));

        Assert.True(await Eventually.TrueAsync(() => Sink.ClosedCalls.Count == 1));

        var call = Sink.ClosedCalls[0];
        Assert.Equal(2, call.Legs.Count);
        Assert.InRange(TestAudio.ToneHz(Samples(call.FramesOf(call.Legs[0].LegId)), 16000), 420, 460);
        Assert.InRange(TestAudio.ToneHz(Samples(call.FramesOf(call.Legs[1].LegId)), 16000), 980, 1020);
    }

    [Fact]
    public async Task StartAsync_BrokenFiles_MovedToFailedWithReasonsAndLaterGoodFileImported()
    {
        await StartAsync();
        Drop("corrupt.wav", p => File.WriteAllBytes(p, RandomNumberGenerator.GetBytes(5000)));
        Drop("header-only.wav", p =>
        {
            TestAudio.StereoWav(p + ".full.wav", 1, 8000, 440, 1000);
            var bytes = File.ReadAllBytes(p + ".full.wav");
            var data = bytes.AsSpan().IndexOf("data"u8);
            File.WriteAllBytes(p, bytes[..(data + 8)]);
        });
        Drop("empty.wav", p => File.WriteAllBytes(p, []));
        Drop("text.mp3", p => File.WriteAllText(p, "これは音声ではありません / this is not audio\n"));
        string[] broken = ["corrupt.wav", "header-only.wav", "empty.wav", "text.mp3"];

        Assert.True(await Eventually.TrueAsync(() => broken.All(n => File.Exists(Path.Combine(Inbox, "failed", n + ".reason.txt")))));

        Assert.Equal("empty file", File.ReadAllText(Path.Combine(Inbox, "failed", "empty.wav.reason.txt")).Trim());
        Assert.StartsWith("not audio:", File.ReadAllText(Path.Combine(Inbox, "failed", "text.mp3.reason.txt")), StringComparison.Ordinal);
        Assert.All(broken, n => Assert.True(File.Exists(Path.Combine(Inbox, "failed", n))));
        Assert.All(broken, n => Assert.False(File.Exists(Path.Combine(Inbox, n))));
        Assert.Empty(Sink.Calls);

        Drop(InboundName, p => TestAudio.StereoWav(p, 1, 8000, 440, 1000));

        Assert.True(await Eventually.TrueAsync(() => Sink.ClosedCalls.Count == 1 && File.Exists(Path.Combine(Inbox, "done", InboundName))));
        var health = await HealthDataAsync();
        Assert.Equal(4L, health["failed"]);
        Assert.Equal(1L, health["imported"]);
        Assert.Empty(_context!.Faults);
    }

    [Fact]
    public async Task StartAsync_SameBytesTwice_SecondGoesToDuplicateWithReason()
    {
        await StartAsync();
        var staged = _staging.Combine("source.wav");
        TestAudio.StereoWav(staged, 1, 8000, 440, 1000);
        File.Copy(staged, Path.Combine(Inbox, "a.wav"));

        Assert.True(await Eventually.TrueAsync(() => File.Exists(Path.Combine(Inbox, "done", "a.wav"))));

        File.Copy(staged, Path.Combine(Inbox, "b.wav"));

        var reasonFile = Path.Combine(Inbox, "duplicate", "b.wav.reason.txt");
        Assert.True(await Eventually.TrueAsync(() => File.Exists(reasonFile)));
        Assert.True(File.Exists(Path.Combine(Inbox, "duplicate", "b.wav")));
        Assert.Contains($"duplicate of call {Sink.Calls[0].CallId}", File.ReadAllText(reasonFile), StringComparison.Ordinal);
        Assert.Single(Sink.Calls);
        Assert.Equal(1L, (await HealthDataAsync())["duplicates"]);
    }

    [Fact]
    public async Task StartAsync_FileStillGrowing_NotImportedUntilStable()
    {
        await StartAsync(settings: ("StableSeconds", "1"));
        var staged = _staging.Combine("growing.wav");
        TestAudio.StereoWav(staged, 2, 8000, 440, 1000);
        var bytes = File.ReadAllBytes(staged);
        var target = Path.Combine(Inbox, "growing.wav");

        const int chunks = 10;
        await using (var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
        {
            for (var i = 0; i < chunks; i++)
            {
                var from = bytes.Length * i / chunks;
                var to = bytes.Length * (i + 1) / chunks;
                await stream.WriteAsync(bytes.AsMemory(from, to - from));
                await stream.FlushAsync();
                await Task.Delay(300);
                Assert.Empty(Sink.Calls);
            }
        }
        Assert.Equal(1L, (await HealthDataAsync())["pending"]);

        Assert.True(await Eventually.TrueAsync(() => Sink.ClosedCalls.Count == 1));
        var call = Sink.ClosedCalls[0];
        Assert.Equal(2 * 8000, Samples(call.FramesOf(call.Legs[0].LegId)).Length);
    }

    [Fact]
    public async Task StartAsync_UnknownNameWithSidecar_UsesSidecarMetadataAndMovesBoth()
    {
        await StartAsync();
        File.WriteAllText(_staging.Combine("call-7781.json"), """
            {"direction":"inbound","outsideNumber":"0312345678","outsideName":"山田","staffExtension":"410",
             "startedAt":"2024-03-05T14:15:16+09:00","callId":"pbx-7781","extra":{"queue":"市民課"}}
            """);
        File.Move(_staging.Combine("call-7781.json"), Path.Combine(Inbox, "call-7781.json"));
        Drop("call-7781.wav", p => TestAudio.StereoWav(p, 1, 8000, 440, 1000));

        Assert.True(await Eventually.TrueAsync(() => Sink.ClosedCalls.Count == 1 && File.Exists(Path.Combine(Inbox, "done", "call-7781.json"))));

        var info = Sink.ClosedCalls[0].Info;
        Assert.Equal(CallDirection.Inbound, info.Direction);
        Assert.Equal("0312345678", info.OutsideNumber);
        Assert.Equal("山田", info.OutsideName);
        Assert.Equal("410", info.StaffExtension);
        Assert.Equal("pbx-7781", info.AdapterCallId);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 14, 15, 16, TimeSpan.FromHours(9)), info.StartedAt);
        Assert.Equal("市民課", info.Extra["queue"]);
    }

    [Fact]
    public async Task StartAsync_MalformedSidecar_MovesRecordingAndSidecarToFailed()
    {
        await StartAsync();
        File.WriteAllText(Path.Combine(Inbox, "x.json"), """{"direction":"sideways"}""");
        Drop("x.wav", p => TestAudio.StereoWav(p, 1, 8000, 440, 1000));

        var reasonFile = Path.Combine(Inbox, "failed", "x.wav.reason.txt");
        Assert.True(await Eventually.TrueAsync(() => File.Exists(reasonFile)));
        Assert.Contains("malformed sidecar", File.ReadAllText(reasonFile), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Inbox, "failed", "x.json")));
        Assert.Empty(Sink.Calls);
    }

    [Fact]
    public async Task StartAsync_UnknownNameWithoutSidecar_StartedAtIsFileTime()
    {
        await StartAsync();
        var modified = new DateTime(2024, 5, 6, 1, 2, 3, DateTimeKind.Utc);
        Drop("recording.wav", p =>
        {
            TestAudio.StereoWav(p, 1, 8000, 440, 1000);
            File.SetLastWriteTimeUtc(p, modified);
        });

        Assert.True(await Eventually.TrueAsync(() => Sink.ClosedCalls.Count == 1));

        var info = Sink.ClosedCalls[0].Info;
        Assert.Equal(CallDirection.Unknown, info.Direction);
        Assert.Equal("recording.wav", info.AdapterCallId);
        Assert.Equal(new DateTimeOffset(modified), info.StartedAt);
    }

    [Fact]
    public async Task StartAsync_DecoderThrowsUnexpectedly_FileFailedAndLoopContinues()
    {
        await StartAsync(new ThrowingDecoder("boom.wav", new FfmpegAudioFileDecoder()));
        Drop("boom.wav", p => TestAudio.StereoWav(p, 1, 8000, 440, 1000));

        var reasonFile = Path.Combine(Inbox, "failed", "boom.wav.reason.txt");
        Assert.True(await Eventually.TrueAsync(() => File.Exists(reasonFile)));
        Assert.Contains("unexpected error: InvalidOperationException", File.ReadAllText(reasonFile), StringComparison.Ordinal);

        Drop(InboundName, p => TestAudio.StereoWav(p, 1, 8000, 440, 1000));
        Assert.True(await Eventually.TrueAsync(() => Sink.ClosedCalls.Count == 1));
        Assert.Empty(_context!.Faults);
    }

    [Fact]
    public async Task CheckHealthAsync_PathParentMissing_UnhealthyWithDescription()
    {
        var context = new TestAdapterContext(new Dictionary<string, string?> { ["Path"] = _dir.Combine("no", "such", "inbox") });
        var adapter = new FolderImportAdapter();
        await adapter.StartAsync(context, CancellationToken.None);

        var health = await adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Equal(AdapterHealthStatus.Unhealthy, health.Status);
        Assert.Contains("does not exist", health.Description, StringComparison.Ordinal);
        await adapter.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CheckHealthAsync_PathIsAFile_UnhealthyWithDescription()
    {
        var file = _dir.Combine("a-file");
        File.WriteAllText(file, "x");
        var context = new TestAdapterContext(new Dictionary<string, string?> { ["Path"] = file });
        var adapter = new FolderImportAdapter();
        await adapter.StartAsync(context, CancellationToken.None);

        var health = await adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Equal(AdapterHealthStatus.Unhealthy, health.Status);
        Assert.Contains("not a directory", health.Description, StringComparison.Ordinal);
        await adapter.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CheckHealthAsync_PathNotConfigured_UnhealthyNamingTheKey()
    {
        var adapter = new FolderImportAdapter();
        await adapter.StartAsync(new TestAdapterContext(new Dictionary<string, string?>()), CancellationToken.None);

        var health = await adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Equal(AdapterHealthStatus.Unhealthy, health.Status);
        Assert.Contains("Plugins:FolderImport:Path", health.Description, StringComparison.Ordinal);
        await adapter.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CheckHealthAsync_MissingFolderWithParent_CreatesFolderAndIsHealthy()
    {
        Directory.Delete(Inbox);
        await StartAsync();

        var health = await _adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Equal(AdapterHealthStatus.Healthy, health.Status);
        Assert.True(Directory.Exists(Inbox));
        Assert.Equal(0L, health.Data!["pending"]);
    }

    [Fact]
    public async Task StopAsync_Running_ReturnsPromptly()
    {
        await StartAsync(settings: ("PollIntervalSeconds", "60"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        await _adapter.StopAsync(timeout.Token);

        Assert.False(timeout.IsCancellationRequested);
    }

    private sealed class ThrowingDecoder(string fileName, IAudioFileDecoder inner) : IAudioFileDecoder
    {
        public Task<AudioFileInfo> ProbeAsync(string path, CancellationToken cancellationToken) =>
            Path.GetFileName(path) == fileName
                ? throw new InvalidOperationException("decoder bug")
                : inner.ProbeAsync(path, cancellationToken);

        public Task<DecodedAudio> DecodeAsync(string path, int sampleRate, CancellationToken cancellationToken) =>
            inner.DecodeAsync(path, sampleRate, cancellationToken);
    }
}
