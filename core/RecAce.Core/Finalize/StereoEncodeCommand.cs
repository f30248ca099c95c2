using System.Globalization;
using RecAce.Core.Spool;
using RecAce.Plugins;

namespace RecAce.Core.Finalize;

/// <summary>
/// Builds the ffmpeg arguments that lay a call's leg spools side by side as stereo (left =
/// outside party, right = staff), padded to the call's duration, and encode them as Opus in Ogg.
/// </summary>
internal static class StereoEncodeCommand
{
    public const int OutputRate = 48000;

    public static List<string> Build(string spoolFolder, IReadOnlyList<SpoolLeg> legs, TimeSpan duration, int bitrate, string output)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-y", "-v", "error" };
        var audible = legs.Where(l => l.SampleRate > 0).ToList();
        for (var i = 0; i < audible.Count; i++)
        {
            args.AddRange(["-f", "s16le", "-ar", I(audible[i].SampleRate), "-ac", "1", "-i", Path.Combine(spoolFolder, audible[i].FileName)]);
        }

        var seconds = duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var filters = new List<string>();
        var left = new List<string>();
        var right = new List<string>();
        for (var i = 0; i < audible.Count; i++)
        {
            var label = $"in{i}";
            var role = audible[i].Role;
            if (role == LegRole.Mixed)
            {
                filters.Add($"[{i}:a]aresample={OutputRate},apad=whole_dur={seconds},asplit=2[{label}l][{label}r]");
                left.Add($"[{label}l]");
                right.Add($"[{label}r]");
            }
            else
            {
                filters.Add($"[{i}:a]aresample={OutputRate},apad=whole_dur={seconds}[{label}]");
                (role == LegRole.Outside ? left : right).Add($"[{label}]");
            }
        }

        filters.Add(Channel(left, "L", seconds));
        filters.Add(Channel(right, "R", seconds));
        filters.Add("[L][R]join=inputs=2:channel_layout=stereo[out]");
        args.AddRange(["-filter_complex", string.Join(';', filters), "-map", "[out]", "-t", seconds,
            "-c:a", "libopus", "-b:a", I(bitrate), "-application", "voip", "-f", "ogg", output]);
        return args;
    }

    private static string Channel(List<string> inputs, string name, string seconds) => inputs.Count switch
    {
        // A side nobody spoke on (a one-legged call) is silence, so the file is always stereo.
        0 => $"anullsrc=r={OutputRate}:cl=mono,atrim=duration={seconds}[{name}]",
        1 => $"{inputs[0]}anull[{name}]",
        _ => $"{string.Concat(inputs)}amix=inputs={inputs.Count}:normalize=0:duration=longest[{name}]",
    };

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
