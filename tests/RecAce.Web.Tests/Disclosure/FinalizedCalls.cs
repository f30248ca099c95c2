using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using NAudio.Codecs;
using RecAce.Core.Calls;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Plugins;

namespace RecAce.Web.Tests.Disclosure;

/// <summary>
/// A call recorded through the host's real intake (G.711 frames of a 440 Hz tone from the outside
/// party and 660 Hz from staff) and sealed by the host's own finalize job with the real ffmpeg.
/// </summary>
internal static class FinalizedCalls
{
    public const int OutsideHz = 440;
    public const int StaffHz = 660;

    public static async Task<(Guid Id, RecordingRow Recording, string Path)> RecordAsync(RecAceFactory factory, TimeSpan length, string extension = "201")
    {
        var intake = factory.Services.GetRequiredService<CallIntake>();
        var start = DateTimeOffset.UtcNow - length;
        var call = await intake.OpenAsync("test", new CallInfo
        {
            Direction = CallDirection.Inbound,
            OutsideNumber = "0312345678",
            StaffExtension = extension,
            StartedAt = start,
            Legs = [new LegInfo("out", LegRole.Outside), new LegInfo("staff", LegRole.Staff)],
        }, CancellationToken.None);
        var frames = (int)(length.TotalMilliseconds / 20);
        for (var i = 0; i < frames; i++)
        {
            call.Write("out", Frame(i, OutsideHz, 0x1111, start));
            call.Write("staff", Frame(i, StaffHz, 0x2222, start));
        }

        await call.CloseAsync(CallEndReason.Normal);
        var db = factory.Services.GetRequiredService<DatabaseFactory>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using (var c = db.Open())
            {
                var row = await c.Calls.FirstAsync(x => x.Id == call.CallId);
                if (row.Status == CallStatus.Finalized)
                {
                    var rec = await c.Recordings.FirstAsync(r => r.CallId == call.CallId);
                    return (call.CallId, rec, System.IO.Path.Combine(factory.DataDirectory, rec.Path));
                }

                Assert.NotEqual(CallStatus.FinalizeFailed, row.Status);
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static AudioFrame Frame(int index, int hz, uint ssrc, DateTimeOffset start)
    {
        var payload = new byte[160];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = MuLawEncoder.LinearToMuLawSample((short)(8000 * Math.Sin(2 * Math.PI * hz * ((index * 160) + i) / 8000.0)));
        }

        return new AudioFrame(AudioCodec.Pcmu, payload, (ushort)(1000 + index), (uint)(index * 160), ssrc, start + TimeSpan.FromMilliseconds(index * 20));
    }
}
