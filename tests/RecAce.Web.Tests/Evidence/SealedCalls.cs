using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using NAudio.Codecs;
using RecAce.Core.Calls;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Plugins;

namespace RecAce.Web.Tests.Evidence;

/// <summary>
/// Calls recorded through the real intake and sealed by the host's own finalize job (real ffmpeg),
/// so each one is entered in the integrity chain exactly as in production.
/// </summary>
internal static class SealedCalls
{
    public static async Task<Guid> RecordAsync(RecAceFactory factory, string number, string extension, int frames = 150)
    {
        var intake = factory.Services.GetRequiredService<CallIntake>();
        var start = DateTimeOffset.UtcNow;
        var call = await intake.OpenAsync("test", new CallInfo
        {
            Direction = CallDirection.Inbound,
            OutsideNumber = number,
            StaffExtension = extension,
            StartedAt = start,
            Legs = [new LegInfo("a", LegRole.Outside), new LegInfo("b", LegRole.Staff)],
        }, CancellationToken.None);
        for (var i = 0; i < frames; i++)
        {
            call.Write("a", Frame(i, 440, 0x1111, start));
            call.Write("b", Frame(i, 660, 0x2222, start));
        }

        await call.CloseAsync(CallEndReason.Normal);
        await WaitSealedAsync(factory, call.CallId);
        return call.CallId;
    }

    private static async Task WaitSealedAsync(RecAceFactory factory, Guid id)
    {
        var db = factory.Services.GetRequiredService<DatabaseFactory>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using (var c = db.Open())
            {
                var status = await c.Calls.Where(x => x.Id == id).Select(x => x.Status).FirstAsync();
                if (status == CallStatus.Finalized) return;
                if (status == CallStatus.FinalizeFailed) throw new InvalidOperationException($"finalizing {id} failed");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"call {id} was not finalized within 60 s");
    }

    private static AudioFrame Frame(int index, double hz, uint ssrc, DateTimeOffset start)
    {
        var payload = new byte[160];
        for (var i = 0; i < payload.Length; i++) payload[i] = MuLawEncoder.LinearToMuLawSample((short)(8000 * Math.Sin(2 * Math.PI * hz * ((index * 160) + i) / 8000.0)));
        return new AudioFrame(AudioCodec.Pcmu, payload, (ushort)(1000 + index), (uint)(index * 160), ssrc, start + TimeSpan.FromMilliseconds(index * 20));
    }
}
