using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using RecAce.Core;
using RecAce.Web.Api;

namespace RecAce.Web.Evidence;

/// <summary>
/// The 反訳 (transcript document) of an evidence package as PDF: the call's particulars, then each
/// segment with its JST clock time, offset and speaker label, the Japanese font embedded.
/// </summary>
internal sealed class TranscriptPdf
{
    private const double Margin = 50;
    private const double BodySize = 10;
    private readonly RecAceOptions _options;

    public TranscriptPdf(RecAceOptions options) => _options = options;

    /// <param name="facts">Label and value pairs shown above the transcript, in order.</param>
    /// <param name="speakerLabel">The label of a speaker name (OutsideParty, Staff).</param>
    /// <exception cref="EvidenceFontMissingException">No Japanese font is available.</exception>
    public byte[] Render(string title, IReadOnlyList<(string Label, string Value)> facts, TranscriptDto transcript, DateTimeOffset callStart, Func<string, string> speakerLabel)
    {
        JapaneseFontResolver.EnsureInstalled(_options.Evidence);
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "RecAce";
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var heading = new XFont(JapaneseFontResolver.Family, 16, XFontStyleEx.Regular, unicode);
        var body = new XFont(JapaneseFontResolver.Family, BodySize, XFontStyleEx.Regular, unicode);
        var writer = new PageWriter(document, body);

        writer.Line(title, heading, 0);
        writer.Gap(6);
        foreach (var (label, value) in facts) writer.Wrapped($"{label}：{value}", 0);
        writer.Gap(10);
        if (transcript.Segments.Count == 0) writer.Wrapped("（反訳はありません / no transcript）", 0);
        foreach (var s in transcript.Segments)
        {
            var clock = callStart.AddSeconds(s.StartSeconds).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            writer.Wrapped($"[{clock} +{TranscriptFormats.Clock(s.StartSeconds, '.', hours: false)}] {speakerLabel(s.Speaker)}：{s.Text}", 24);
        }

        writer.Finish();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>Writes lines down A4 pages, breaking Japanese text by character (it has no spaces) and numbering pages.</summary>
    private sealed class PageWriter
    {
        private readonly PdfDocument _document;
        private readonly XFont _body;
        private XGraphics? _gfx;
        private PdfPage? _page;
        private double _y;
        private int _pages;

        public PageWriter(PdfDocument document, XFont body)
        {
            _document = document;
            _body = body;
            NewPage();
        }

        private double Width => _page!.Width.Point - 2 * Margin;

        public void Gap(double points) => _y += points;

        public void Line(string text, XFont font, double indent)
        {
            var height = font.GetHeight() * 1.25;
            if (_y + height > _page!.Height.Point - Margin) NewPage();
            _gfx!.DrawString(text, font, XBrushes.Black, new XRect(Margin + indent, _y, Width - indent, height), XStringFormats.TopLeft);
            _y += height;
        }

        /// <summary>The first line starts at the margin; continuation lines are indented (a hanging indent).</summary>
        public void Wrapped(string text, double hangingIndent)
        {
            foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
            {
                var rest = paragraph;
                var indent = 0.0;
                do
                {
                    var take = Fit(rest, Width - indent);
                    Line(rest[..take], _body, indent);
                    rest = rest[take..];
                    indent = hangingIndent;
                }
                while (rest.Length > 0);
            }
        }

        public void Finish() => Footer();

        /// <summary>The longest prefix that fits (at least one character, never splitting a surrogate pair).</summary>
        private int Fit(string text, double width)
        {
            if (text.Length == 0 || _gfx!.MeasureString(text, _body).Width <= width) return text.Length;
            int low = 1, high = text.Length;
            while (low < high)
            {
                var mid = (low + high + 1) / 2;
                if (_gfx.MeasureString(text[..mid], _body).Width <= width) low = mid;
                else high = mid - 1;
            }

            if (low < text.Length && char.IsHighSurrogate(text[low - 1])) low = low > 1 ? low - 1 : low + 1;
            return low;
        }

        private void NewPage()
        {
            if (_gfx is not null)
            {
                Footer();
                _gfx.Dispose();
            }

            _page = _document.AddPage();
            _page.Size = PageSize.A4;
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
            _pages++;
        }

        private void Footer() =>
            _gfx!.DrawString(_pages.ToString(CultureInfo.InvariantCulture), _body, XBrushes.Gray,
                new XRect(Margin, _page!.Height.Point - Margin + 12, Width, 14), XStringFormats.TopCenter);
    }
}
