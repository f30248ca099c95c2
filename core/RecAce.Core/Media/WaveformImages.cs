using System.Collections.Concurrent;

namespace RecAce.Core.Media;

/// <summary>
/// Waveform pictures of recordings (ffmpeg <c>showwavespic</c>, one lane per channel), made once
/// and cached in <c>waveforms/</c> under the data directory. The recording itself is never touched.
/// </summary>
public sealed class WaveformImages
{
    private readonly MediaRunner _runner;
    private readonly string _folder;
    private readonly ConcurrentDictionary<Guid, Lazy<Task<string>>> _making = new();

    public WaveformImages(MediaRunner runner, RecAceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runner = runner;
        _folder = Path.Combine(Path.GetFullPath(options.DataDirectory), "waveforms");
    }

    /// <summary>Where the picture of a call is cached (whether or not it exists).</summary>
    public static string CachePath(RecAceOptions options, Guid callId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.Combine(Path.GetFullPath(options.DataDirectory), "waveforms", callId.ToString("N") + ".png");
    }

    /// <returns>The cached PNG's path, or null when it is not made yet.</returns>
    public string? Cached(Guid callId)
    {
        var path = Path.Combine(_folder, callId.ToString("N") + ".png");
        return File.Exists(path) ? path : null;
    }

    /// <returns>The PNG's path; made now if it is not cached yet.</returns>
    public async Task<string> GetAsync(Guid callId, string recordingPath, CancellationToken ct)
    {
        // The name comes from the Guid, never from the request text: no path can escape the folder.
        var path = Path.Combine(_folder, callId.ToString("N") + ".png");
        if (File.Exists(path)) return path;
        var making = _making.GetOrAdd(callId, _ => new Lazy<Task<string>>(() => MakeAsync(path, recordingPath)));
        try
        {
            return await making.Value.WaitAsync(ct);
        }
        finally
        {
            _making.TryRemove(callId, out _);
        }
    }

    private async Task<string> MakeAsync(string path, string recordingPath)
    {
        Directory.CreateDirectory(_folder);
        var temp = path + ".tmp.png";
        await _runner.RunFfmpegToFileAsync(
            ["-hide_banner", "-nostdin", "-y", "-i", recordingPath, "-filter_complex", "showwavespic=s=1200x160:split_channels=1:colors=#2b6cb0|#c05621", "-frames:v", "1", temp],
            temp, CancellationToken.None);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
