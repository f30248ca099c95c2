using System.Globalization;
using System.Text;

namespace RecAce.Web.Api;

/// <summary>Transcript exports: plain text, SubRip (SRT) and WebVTT, speaker-labelled.</summary>
internal static class TranscriptFormats
{
    public static string Text(TranscriptDto t, Func<string, string> speakerLabel)
    {
        var sb = new StringBuilder();
        foreach (var s in t.Segments)
        {
            sb.Append('[').Append(Clock(s.StartSeconds, '.', hours: false)).Append("] ").Append(speakerLabel(s.Speaker)).Append(": ").Append(s.Text).Append('\n');
        }

        return sb.ToString();
    }

    public static string Srt(TranscriptDto t, Func<string, string> speakerLabel)
    {
        var sb = new StringBuilder();
        var n = 1;
        foreach (var s in t.Segments)
        {
            sb.Append(n++.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(Clock(s.StartSeconds, ',', true)).Append(" --> ").Append(Clock(s.EndSeconds, ',', true)).Append('\n')
                .Append(speakerLabel(s.Speaker)).Append(": ").Append(OneLine(s.Text)).Append("\n\n");
        }

        return sb.ToString();
    }

    public static string Vtt(TranscriptDto t, Func<string, string> speakerLabel)
    {
        var sb = new StringBuilder("WEBVTT\n\n");
        foreach (var s in t.Segments)
        {
            // <v Speaker> is WebVTT's voice tag; the text is escaped because a cue is parsed as markup.
            sb.Append(Clock(s.StartSeconds, '.', true)).Append(" --> ").Append(Clock(s.EndSeconds, '.', true)).Append('\n')
                .Append("<v ").Append(Escape(speakerLabel(s.Speaker))).Append('>').Append(Escape(OneLine(s.Text))).Append("\n\n");
        }

        return sb.ToString();
    }

    internal static string Clock(double seconds, char fraction, bool hours)
    {
        var t = TimeSpan.FromMilliseconds(Math.Round(Math.Max(0, seconds) * 1000));
        var ms = t.Milliseconds.ToString("000", CultureInfo.InvariantCulture);
        return hours
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}{fraction}{ms}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes:00}:{t.Seconds:00}{fraction}{ms[..1]}");
    }

    // An empty line ends a cue in SRT and WebVTT: text never carries one.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
