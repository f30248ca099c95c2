using System.Diagnostics;
using System.Globalization;
using RecAce.Plugins;

namespace RecAce.TestPlugin.ToneSource;

/// <summary>
/// A live caller for crash tests: opens one call and writes G.711 frames of two tones in real
/// time (20 ms each, like RTP), recording in <c>progress.log</c> how many frames were written
/// and when, so a test can kill the host and check what the recovered call holds.
/// </summary>
public sealed class ToneSourceAdapter : ITelephonyAdapter
{
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _stop = new CancellationTokenSource();
        var number = context.Configuration["Number"] ?? "0300000000";
        _loop = Task.Run(() => RunAsync(context, number, _stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null || _loop is null) return;
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) => ValueTask.FromResult(AdapterHealth.Healthy);

    private static async Task RunAsync(IAdapterContext context, string number, CancellationToken ct)
    {
        var progressPath = Path.Combine(context.StateDirectory, "progress.log");
        await using var progress = new StreamWriter(progressPath, append: true) { AutoFlush = true };
        var start = context.TimeProvider.GetUtcNow();
        var call = await context.CallSink.OpenCallAsync(new CallInfo
        {
            Direction = CallDirection.Inbound,
            OutsideNumber = number,
            StaffExtension = "300",
            AdapterCallId = "tone-" + start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            StartedAt = start,
            Legs = [new LegInfo("caller", LegRole.Outside), new LegInfo("staff", LegRole.Staff)],
        }, ct);

        var clock = Stopwatch.StartNew();
        var payload = new byte[160];
        for (var frame = 0; !ct.IsCancellationRequested; frame++)
        {
            var due = TimeSpan.FromMilliseconds(frame * 20);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var arrival = start + due;
            Tone(payload, frame, 440);
            call.Write("caller", new AudioFrame(AudioCodec.Pcmu, payload, (ushort)frame, (uint)(frame * 160), 0x1111, arrival));
            Tone(payload, frame, 660);
            call.Write("staff", new AudioFrame(AudioCodec.Pcmu, payload, (ushort)frame, (uint)(frame * 160), 0x1111, arrival));
            if (frame % 5 == 4)
            {
                // Frames fully handed to the sink, and the wall time they were handed over.
                await progress.WriteLineAsync($"{frame + 1} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}".AsMemory(), CancellationToken.None);
            }
        }

        await call.CloseAsync(CallEndReason.AdapterStopped, CancellationToken.None);
    }

    private static void Tone(byte[] payload, int frame, double hz)
    {
        for (var i = 0; i < payload.Length; i++)
        {
            var sample = 8000 * Math.Sin(2 * Math.PI * hz * ((frame * 160) + i) / 8000.0);
            payload[i] = MuLaw((short)sample);
        }
    }

    /// <summary>G.711 μ-law encoding (ITU-T G.711), kept here so the plugin depends only on the contract.</summary>
    private static byte MuLaw(short sample)
    {
        const int bias = 0x84;
        var sign = (sample >> 8) & 0x80;
        var magnitude = Math.Min(sign != 0 ? -sample : sample, 32635) + bias;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }
}
