using System.Diagnostics;
using RecAce.Plugins;

namespace RecAce.Bench;

/// <summary>
/// Figure 1: how many simultaneous two-leg G.711 calls one core can decode and spool. N calls are
/// opened through the real <see cref="RecAce.Core.Calls.CallIntake"/>; then one thread plays every
/// call's 20 ms packets slot by slot as fast as it can (μ-law outside leg, A-law staff leg, 1 % of
/// adjacent packets swapped, 0.5 % lost) and flushes all spools every 500 ms of simulated audio
/// (fsync every 5 s), as the production flusher does on its own timer. Opening and closing the
/// calls is not timed.
/// </summary>
internal static class IntakeThroughputBench
{
    private const string OutsideLeg = "outside";
    private const string StaffLeg = "staff";
    private const int SlotsPerFlush = 25;   // 500 ms
    private const int SlotsPerFsync = 250;  // 5 s

    public static async Task<IntakeThroughputResult> RunAsync(int calls, int seconds)
    {
        using var env = new BenchEnvironment("intake");
        var slots = seconds * 50;

        // Ten seconds of each party, reused round-robin: payload content does not change G.711 cost.
        var outsidePayloads = SpeechLikeAudio.ToG711Packets(SpeechLikeAudio.Generate(10, 0, seed: 1), aLaw: false);
        var staffPayloads = SpeechLikeAudio.ToG711Packets(SpeechLikeAudio.Generate(10, 1, seed: 2), aLaw: true);

        var random = new Random(42);
        var start = DateTimeOffset.UtcNow;
        var recordings = new ICallRecording[calls];
        var outside = new PacketSchedule[calls];
        var staff = new PacketSchedule[calls];
        for (var c = 0; c < calls; c++)
        {
            recordings[c] = await env.Intake.OpenAsync("bench", new CallInfo
            {
                Direction = CallDirection.Inbound,
                OutsideNumber = "0312345678",
                StaffExtension = "2001",
                StartedAt = start,
                Legs = [new LegInfo(OutsideLeg, LegRole.Outside), new LegInfo(StaffLeg, LegRole.Staff)],
            }, CancellationToken.None);
            outside[c] = PacketSchedule.Create(slots, 0.005, 0.01, random);
            staff[c] = PacketSchedule.Create(slots, 0.005, 0.01, random);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        // The whole process: the fsync pass runs on another thread, and awaits may move this method too.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var flushTime = new Stopwatch();
        var fsyncTime = new Stopwatch();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        long packets = 0;
        var fsync = Task.CompletedTask;
        for (var slot = 0; slot < slots; slot++)
        {
            var arrival = start + TimeSpan.FromMilliseconds(slot * 20);
            for (var c = 0; c < calls; c++)
            {
                packets += Send(recordings[c], OutsideLeg, AudioCodec.Pcmu, outside[c], outsidePayloads, slot, c, arrival);
                packets += Send(recordings[c], StaffLeg, AudioCodec.Pcma, staff[c], staffPayloads, slot, c, arrival);
            }

            if ((slot + 1) % SlotsPerFlush == 0)
            {
                flushTime.Start();
                env.Intake.FlushAll(toDisk: false);
                flushTime.Stop();
            }

            // As SpoolFlusher does: the fsync pass runs beside the receive loop, never in it.
            if ((slot + 1) % SlotsPerFsync == 0 && fsync.IsCompleted)
            {
                fsync = Task.Run(() =>
                {
                    lock (fsyncTime)
                    {
                        fsyncTime.Start();
                        env.Intake.FlushAll(toDisk: true);
                        fsyncTime.Stop();
                    }
                });
            }
        }

        total.Stop();
        await fsync;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gen0 = GC.CollectionCount(0) - gen0Before;

        var close = Stopwatch.StartNew();
        foreach (var r in recordings) await r.CloseAsync(CallEndReason.Normal);
        close.Stop();

        return new IntakeThroughputResult(calls, seconds, packets, total.Elapsed, cpu, flushTime.Elapsed, fsyncTime.Elapsed, allocated, gen0, close.Elapsed);
    }

    private static int Send(ICallRecording recording, string legId, AudioCodec codec, PacketSchedule schedule, byte[][] payloads, int slot, int call, DateTimeOffset arrival)
    {
        var index = schedule.Order[slot];
        if (index == PacketSchedule.Lost) return 0;
        var payload = payloads[(index + call) % payloads.Length];
        var frame = new AudioFrame(
            codec,
            payload,
            unchecked((ushort)(schedule.FirstSequence + index)),
            unchecked(schedule.FirstTimestamp + (uint)(index * SpeechLikeAudio.SamplesPerPacket)),
            Ssrc: (uint)call * 2 + (codec == AudioCodec.Pcmu ? 0u : 1u),
            arrival);
        recording.Write(legId, frame);
        return 1;
    }
}

internal sealed record IntakeThroughputResult(
    int Calls,
    int Seconds,
    long Packets,
    TimeSpan Elapsed,
    TimeSpan CpuTime,
    TimeSpan FlushElapsed,
    TimeSpan FsyncElapsed,
    long AllocatedBytes,
    int Gen0Collections,
    TimeSpan CloseElapsed)
{
    public double PacketsPerSecond => Packets / Elapsed.TotalSeconds;

    /// <summary>Each real-time two-leg call carries 2 × 50 packets a second.</summary>
    public double CallsPerCore => PacketsPerSecond / 100;

    /// <summary>
    /// The same on the process's CPU time (all threads, user + system) instead of the clock: leaves
    /// out waiting for the disk (fsync) and for other tenants of a shared machine.
    /// </summary>
    public double CallsPerCoreByCpu => Packets / CpuTime.TotalSeconds / 100;

    /// <summary>Packets per second of the time outside the flushes: the decode + reorder + spool-write path alone.</summary>
    /// <summary>Only the flush to the OS runs on the sending thread; the fsync pass runs beside it and is not subtracted.</summary>
    public double PacketsPerSecondBetweenFlushes => Packets / (Elapsed - FlushElapsed).TotalSeconds;

    public double NanosecondsPerPacket => Elapsed.TotalMilliseconds * 1e6 / Packets;

    /// <summary>Share of the time spent in the 500 ms flushes that only hand data to the OS.</summary>
    public double FlushShare => FlushElapsed / Elapsed;

    /// <summary>Share of the time spent in the flushes every 5 s that also fsync.</summary>
    public double FsyncShare => FsyncElapsed / Elapsed;

    public double BytesPerPacket => AllocatedBytes / (double)Packets;
}
