using RecAce.Web.Api;

namespace RecAce.Web.Disclosure;

/// <summary>Replaces masked text with ■, one per masked character, so the reader sees that and how much was withheld.</summary>
public static class TextMasking
{
    public const char MaskChar = '■';

    /// <summary>The transcript with every mask applied. The original correction history is left out: it would carry the masked words.</summary>
    public static TranscriptDto Apply(TranscriptDto transcript, IReadOnlyList<TextMask> masks)
    {
        var segments = transcript.Segments.Select(s =>
        {
            var chars = s.Text.ToCharArray();
            foreach (var m in masks.Where(m => m.Text is null && m.SegmentId == s.Id))
            {
                for (var i = m.From!.Value; i < m.To!.Value && i < chars.Length; i++) chars[i] = MaskChar;
            }

            var text = new string(chars);
            foreach (var literal in masks.Select(m => m.Text).OfType<string>())
            {
                text = text.Replace(literal, new string(MaskChar, literal.Length), StringComparison.Ordinal);
            }

            return s with { Text = text, OriginalText = text, CorrectedBy = null, CorrectedAt = null };
        }).ToList();
        return transcript with { Segments = segments };
    }

    /// <summary>How often each literal mask was found in the original transcript (recorded in redaction.json).</summary>
    public static int Occurrences(TranscriptDto transcript, string literal) =>
        transcript.Segments.Sum(s =>
        {
            var n = 0;
            for (var i = s.Text.IndexOf(literal, StringComparison.Ordinal); i >= 0; i = s.Text.IndexOf(literal, i + literal.Length, StringComparison.Ordinal)) n++;
            return n;
        });
}
