using System.Text.RegularExpressions;
using RecAce.Plugins;

namespace Acme.Sample;

/// <summary>
/// A complete small adapter: records raw G.711 μ-law files named <c>&lt;outside number&gt;-&lt;extension&gt;.ulaw</c>
/// that appear in <c>Plugins:AcmeSampleId:Path</c>, as one-leg calls, then renames them to <c>.done</c>.
/// Replace the file handling with your PBX's interface; keep the shape: start quickly, work on a
/// task you own, report health, stop promptly.
/// </summary>
public sealed partial class SampleAdapter : ITelephonyAdapter
{
    private const int FrameBytes = 160; // 20 ms of 8 kHz μ-law, as RTP carries it
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private string? _path;
    private string? _problem;
    private int _imported;

    public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _path = context.Configuration["Path"];
        if (string.IsNullOrWhiteSpace(_path))
        {
            // Bad configuration is reported through health, not thrown: throwing would make the
            // host restart the plugin over and over.
            _problem = "Plugins:AcmeSampleId:Path is not set";
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(_path);
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => PollAsync(context, _stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null || _loop is null) return;
        await _stop.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
        _stop.Dispose();
    }

    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(_problem is null
            ? new AdapterHealth(AdapterHealthStatus.Healthy, null, new Dictionary<string, object> { ["imported"] = _imported })
            : new AdapterHealth(AdapterHealthStatus.Unhealthy, _problem));

    private async Task PollAsync(IAdapterContext context, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var file in Directory.EnumerateFiles(_path!, "*.ulaw"))
            {
                try
                {
                    await ImportAsync(context, file, ct);
                    File.Move(file, Path.ChangeExtension(file, ".done"));
                    Interlocked.Increment(ref _imported);
                }
                catch (RecordingRefusedException)
                {
                    // The host cannot record now (disk full); the file stays and is tried again.
                }
                catch (IOException)
                {
                    // Still being written, or moved away meanwhile: the next pass sees it again.
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Stopping in the middle of a file: it stays and is imported after the next start.
                    return;
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), context.TimeProvider, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task ImportAsync(IAdapterContext context, string file, CancellationToken ct)
    {
        var name = FileName().Match(Path.GetFileNameWithoutExtension(file));
        var audio = await File.ReadAllBytesAsync(file, ct);
        var start = context.TimeProvider.GetUtcNow();
        await using var call = await context.CallSink.OpenCallAsync(new CallInfo
        {
            Direction = CallDirection.Inbound,
            OutsideNumber = name.Success ? name.Groups["outside"].Value : null,
            StaffExtension = name.Success ? name.Groups["staff"].Value : null,
            AdapterCallId = Path.GetFileName(file),
            StartedAt = start,
            Legs = [new LegInfo("mixed", LegRole.Mixed)],
        }, ct);

        for (int i = 0, offset = 0; offset < audio.Length; i++, offset += FrameBytes)
        {
            var payload = audio.AsMemory(offset, Math.Min(FrameBytes, audio.Length - offset));
            call.Write("mixed", new AudioFrame(AudioCodec.Pcmu, payload, (ushort)i, (uint)offset, 1, start.AddMilliseconds(i * 20)));
        }

        await call.CloseAsync(CallEndReason.Normal, ct);
    }

    [GeneratedRegex(@"^(?<outside>[0-9+*#]+)-(?<staff>[0-9]+)$")]
    private static partial Regex FileName();
}
