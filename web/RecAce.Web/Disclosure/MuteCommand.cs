using System.Globalization;
using System.Text;

namespace RecAce.Web.Disclosure;

/// <summary>
/// The ffmpeg arguments that decode a sealed recording, silence the chosen ranges and encode the
/// result as a new Ogg/Opus file. aeval multiplies every sample by 0 inside a range, so the cut is
/// sample-exact; a per-frame filter (volume with enable=) would let up to a frame of speech through
/// at the start of each range.
/// </summary>
internal static class MuteCommand
{
    public static List<string> Build(string input, IReadOnlyList<MutedRange> ranges, int bitrate, string output)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-y", "-v", "error", "-i", input, "-map", "0:a:0" };
        if (ranges.Count > 0) args.AddRange(["-af", Filter(ranges)]);
        args.AddRange(["-c:a", "libopus", "-b:a", bitrate.ToString(CultureInfo.InvariantCulture), "-application", "voip", "-f", "ogg", output]);
        return args;
    }

    /// <summary><c>aeval='val(ch)*(1-between(t,a,b))*(1-between(t,c,d))':c=same</c>.</summary>
    internal static string Filter(IReadOnlyList<MutedRange> ranges)
    {
        var sb = new StringBuilder("aeval='val(ch)");
        foreach (var r in ranges)
        {
            sb.Append(CultureInfo.InvariantCulture, $"*(1-between(t,{r.From:0.######},{r.To:0.######}))");
        }

        return sb.Append("':c=same").ToString();
    }
}
