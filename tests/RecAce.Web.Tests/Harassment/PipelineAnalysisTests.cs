using System.Buffers.Binary;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Calls;
using RecAce.Core.Harassment;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Plugins;

namespace RecAce.Web.Tests.Harassment;

/// <summary>A call recorded through the adapter sink is finalized by its Quartz job, which queues the analysis: the score comes without anyone asking.</summary>
public sealed class PipelineAnalysisTests
{
    [Fact]
    public async Task FinalizedCall_LoudOutsideLeg_IsScoredAfterFinalization()
    {
        using var factory = RecAceFactory.With(new Dictionary<string, string> { ["RecAce:Signals:ShoutSeconds"] = "1" });
        _ = factory.Server;
        var sink = factory.Services.GetRequiredService<CallIntake>().SinkFor("test-adapter");
        var start = DateTimeOffset.UtcNow;
        var recording = await sink.OpenCallAsync(new CallInfo
        {
            OutsideNumber = "0312340000",
            StaffExtension = "201",
            StartedAt = start,
            Legs = [new LegInfo("out", LegRole.Outside), new LegInfo("in", LegRole.Staff)],
        }, CancellationToken.None);
        var id = (await WaitAsync(factory, db => db.Calls.Where(c => c.OutsideNumber == "0312340000").Select(c => (Guid?)c.Id).FirstOrDefaultAsync()))!.Value;

        // Three seconds of 20 ms PCM frames: a loud 440 Hz tone from the caller, a quiet one from staff.
        for (var i = 0; i < 150; i++)
        {
            var at = start.AddMilliseconds(20 * i);
            recording.Write("out", new AudioFrame(AudioCodec.Pcm16, Tone(i, 440, 26000), (ushort)i, (uint)(160 * i), 1, at));
            recording.Write("in", new AudioFrame(AudioCodec.Pcm16, Tone(i, 300, 600), (ushort)i, (uint)(160 * i), 2, at));
        }

        await recording.CloseAsync(CallEndReason.Normal);

        var signals = await WaitAsync(factory, db => db.CallSignals.FirstOrDefaultAsync(s => s.CallId == id));
        var s = CallSignalReader.ToSignals(signals!);
        Assert.Contains(s.Reasons, r => r.Kind == SignalKinds.Shouting);
        Assert.DoesNotContain(s.Reasons, r => r.Kind == SignalKinds.CrossTalk);
        Assert.False(s.WithTranscript);
    }

    private static byte[] Tone(int frame, double hz, double amplitude)
    {
        var bytes = new byte[320];
        for (var n = 0; n < 160; n++)
        {
            var t = (frame * 160 + n) / 8000.0;
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(n * 2), (short)(amplitude * Math.Sin(2 * Math.PI * hz * t)));
        }

        return bytes;
    }

    private static async Task<T?> WaitAsync<T>(RecAceFactory factory, Func<RecAceDb, Task<T?>> probe)
    {
        for (var i = 0; i < 300; i++)
        {
            using (var db = factory.Services.GetRequiredService<DatabaseFactory>().Open())
            {
                if (await probe(db) is { } found) return found;
            }

            await Task.Delay(100);
        }

        return default;
    }
}
