using System.Globalization;
using RecAce.Core.Media;

namespace RecAce.Core.Transcription;

/// <summary>
/// Splits a stereo recording into one 16 kHz mono float file per speaker through the one media
/// runner. Each channel is resampled on its own (telephone legs are 8 kHz; Whisper needs 16 kHz).
/// </summary>
public sealed class ChannelAudioExtractor
{
    private readonly MediaRunner _media;

    public ChannelAudioExtractor(MediaRunner media) => _media = media;

    /// <param name="recordingPath">Any audio ffmpeg reads; a mono file is taken as the outside party only.</param>
    /// <param name="folder">Where the PCM files are written; the caller deletes it.</param>
    /// <param name="channels">1 or 2.</param>
    public async Task<IReadOnlyList<ChannelAudio>> ExtractAsync(string recordingPath, string folder, int channels, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var outputs = new List<ChannelAudio> { new(Speaker.OutsideParty, Path.Combine(folder, "outside.f32")) };
        if (channels >= 2) outputs.Add(new ChannelAudio(Speaker.Staff, Path.Combine(folder, "staff.f32")));
        var args = new List<string> { "-hide_banner", "-nostdin", "-y", "-i", recordingPath };
        for (var i = 0; i < outputs.Count; i++)
        {
            args.AddRange(["-map", "0:a:0", "-af", string.Create(CultureInfo.InvariantCulture, $"pan=mono|c0=c{i},aresample=16000"),
                "-ac", "1", "-ar", "16000", "-c:a", "pcm_f32le", "-f", "f32le", outputs[i].PcmPath]);
        }

        await _media.RunAsync(_media.FfmpegPath, args, null, ct);
        foreach (var o in outputs)
        {
            if (!File.Exists(o.PcmPath)) throw new MediaProcessException("ffmpeg exited 0 but wrote no channel audio", string.Join(' ', args), 0, o.PcmPath);
        }

        return outputs;
    }
}
