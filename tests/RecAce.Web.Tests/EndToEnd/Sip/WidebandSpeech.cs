using System.Globalization;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// Speech made by espeak-ng as headerless G.722 (ffmpeg's encoder, 64 kbit/s: 160 bytes per 20 ms),
/// and the same G.722 decoded back to a 16 kHz WAV to compare the recording against.
/// </summary>
internal sealed record WidebandSpeech(string G722, string Wav, TimeSpan Length)
{
    public const int BytesPerSecond = 8000;

    public static async Task<WidebandSpeech> MakeAsync(string folder, string name, string voice, string text, TimeSpan length)
    {
        var speech = Path.Combine(folder, name + "-speech.wav");
        var raw = Path.Combine(folder, name + ".g722");
        var wav = Path.Combine(folder, name + "-g722.wav");
        var seconds = length.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        await MediaTools.RunAsync("espeak-ng", "-v", voice, "-s", "150", "-w", speech, text);
        await MediaTools.RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y", "-i", speech, "-af", $"apad=whole_dur={seconds}", "-t", seconds,
            "-ar", "16000", "-ac", "1", "-c:a", "g722", "-f", "g722", raw);
        await MediaTools.RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y", "-f", "g722", "-i", raw, "-ar", "16000", "-c:a", "pcm_s16le", wav);
        return new WidebandSpeech(raw, wav, TimeSpan.FromSeconds(new FileInfo(raw).Length / (double)BytesPerSecond));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(G722)} ({Length.TotalSeconds:0.00} s)");
}
