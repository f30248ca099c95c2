using PdfSharp.Fonts;
using RecAce.Core.Evidence;

namespace RecAce.Web.Evidence;

/// <summary>
/// Gives PDFsharp one Japanese TrueType font read from the system (IPAex Gothic from Debian's
/// fonts-ipaexfont-gothic by default), for every family it asks for. PDFsharp keeps one resolver
/// per process and caches fonts by name, so the first configured font stays in use.
/// </summary>
internal sealed class JapaneseFontResolver : IFontResolver
{
    public const string Family = "RecAce Japanese";

    /// <summary>Where Debian and Ubuntu put TrueType Japanese fonts PDFsharp can embed.</summary>
    private static readonly string[] KnownPaths =
    [
        "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
        "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
        "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
        "/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf",
    ];

    private static readonly Lock Gate = new();
    private static JapaneseFontResolver? _installed;
    private readonly byte[] _font;

    private JapaneseFontResolver(byte[] font) => _font = font;

    /// <summary>Installs the resolver once per process.</summary>
    /// <exception cref="EvidenceFontMissingException">No font file is found, or it is not TrueType.</exception>
    public static void EnsureInstalled(EvidenceOptions options)
    {
        lock (Gate)
        {
            if (_installed is not null) return;
            var path = Find(options);
            var bytes = File.ReadAllBytes(path);
            // "ttcf" is a collection and "OTTO" a CFF OpenType font: PDFsharp embeds neither.
            if (bytes.Length < 4 || bytes.AsSpan(0, 4).SequenceEqual("ttcf"u8) || bytes.AsSpan(0, 4).SequenceEqual("OTTO"u8))
                throw new EvidenceFontMissingException($"The transcript PDF font {path} is not a single TrueType (.ttf) font; set RecAce:Evidence:PdfFontPath to one such as IPAex Gothic (fonts-ipaexfont-gothic).");
            _installed = new JapaneseFontResolver(bytes);
            GlobalFontSettings.FontResolver = _installed;
        }
    }

    internal static string Find(EvidenceOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PdfFontPath))
        {
            return File.Exists(options.PdfFontPath)
                ? options.PdfFontPath
                : throw new EvidenceFontMissingException($"RecAce:Evidence:PdfFontPath names {options.PdfFontPath}, which does not exist.");
        }

        return KnownPaths.FirstOrDefault(File.Exists)
            ?? throw new EvidenceFontMissingException("No Japanese font for the transcript PDF: install fonts-ipaexfont-gothic (apt-get install fonts-ipaexfont-gothic) or set RecAce:Evidence:PdfFontPath to a TrueType Japanese font.");
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(Family);

    public byte[]? GetFont(string faceName) => _font;
}

/// <summary>The transcript PDF cannot be made: no usable Japanese font.</summary>
public sealed class EvidenceFontMissingException : Exception
{
    public EvidenceFontMissingException(string message) : base(message) { }

    public EvidenceFontMissingException() { }

    public EvidenceFontMissingException(string message, Exception inner) : base(message, inner) { }
}
