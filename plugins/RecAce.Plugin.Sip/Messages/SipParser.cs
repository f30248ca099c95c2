using System.Globalization;
using System.Text;

namespace RecAce.Plugin.Sip.Messages;

/// <summary>
/// A strict RFC 3261 message parser: never throws on input, reports what is wrong instead.
/// </summary>
/// <remarks>
/// Strict where leniency would let a malformed message reach call handling (encoding, start line,
/// header syntax, Content-Length, mandatory headers); lenient only where real peers differ
/// harmlessly (bare LF line ends, compact and folded headers, case of names).
/// </remarks>
internal static class SipParser
{
    /// <summary>Most header fields a message may carry; real SIPREC INVITEs have about 20.</summary>
    public const int MaxHeaderCount = 128;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly string[] MandatoryRequestHeaders =
        [SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq];

    /// <summary>Where the header section ends: the index after the blank line, or -1 when not yet complete.</summary>
    public static int FindHeaderEnd(ReadOnlySpan<byte> data, out int separatorLength)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            separatorLength = 4;
            return crlf + 4;
        }

        separatorLength = 2;
        return lf >= 0 ? lf + 2 : -1;
    }

    /// <summary>Parses one complete message (a datagram, or a frame cut by Content-Length).</summary>
    /// <param name="data">The message bytes.</param>
    /// <param name="maxHeaderBytes">Largest header section accepted.</param>
    public static SipParseResult Parse(ReadOnlySpan<byte> data, int maxHeaderBytes)
    {
        if (data.IsEmpty) return SipParseResult.Invalid("empty message");
        var headerEnd = FindHeaderEnd(data, out var separator);
        if (headerEnd < 0)
            return SipParseResult.Invalid(data.Length > maxHeaderBytes ? "header section too large" : "truncated: no blank line after the headers");
        if (headerEnd > maxHeaderBytes) return SipParseResult.Invalid("header section too large");

        string head;
        try
        {
            head = StrictUtf8.GetString(data[..(headerEnd - separator)]);
        }
        catch (DecoderFallbackException)
        {
            return SipParseResult.Invalid("header section is not valid UTF-8");
        }

        if (head.Any(c => char.IsControl(c) && c is not '\r' and not '\n' and not '\t'))
            return SipParseResult.Invalid("control character in the header section");

        var lines = head.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var message = ParseStartLine(lines[0]);
        if (message is null) return SipParseResult.Invalid($"bad start line '{Shorten(lines[0])}'");

        var error = ReadHeaders(lines, message);
        if (error is not null) return SipParseResult.Invalid(error, message);

        var available = data.Length - headerEnd;
        var lengthText = message[SipHeaderNames.ContentLength];
        var bodyLength = available;
        if (lengthText is not null)
        {
            if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out bodyLength))
                return SipParseResult.Invalid($"bad Content-Length '{Shorten(lengthText)}'", message);
            if (bodyLength > available)
                return SipParseResult.Invalid($"Content-Length {bodyLength} but only {available} body bytes", message);
        }

        message.Body = data.Slice(headerEnd, bodyLength).ToArray();
        return Validate(message);
    }

    private static SipMessage? ParseStartLine(string line)
    {
        var parts = line.Split(' ', 3);
        if (parts.Length != 3) return null;
        if (parts[0] == "SIP/2.0")
        {
            return parts[1].Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 699
                ? SipMessage.Response(code, parts[2])
                : null;
        }

        if (parts[2] != "SIP/2.0" || parts[0].Length is 0 or > 32 || !parts[0].All(char.IsAsciiLetterUpper)) return null;
        if (parts[1].Length == 0 || parts[1].Contains(' ', StringComparison.Ordinal) || !parts[1].Contains(':', StringComparison.Ordinal)) return null;
        return SipMessage.Request(parts[0], parts[1]);
    }

    private static string? ReadHeaders(List<string> lines, SipMessage message)
    {
        var unfolded = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                if (unfolded.Count == 0) return "folded line before any header";
                unfolded[^1] = unfolded[^1].TrimEnd() + " " + line.Trim();
            }
            else if (line.Length > 0)
            {
                unfolded.Add(line);
            }
        }

        if (unfolded.Count > MaxHeaderCount) return $"more than {MaxHeaderCount} header fields";
        foreach (var line in unfolded)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return $"header line without a name '{Shorten(line)}'";
            var name = line[..colon].TrimEnd();
            if (!name.All(IsTokenChar)) return $"bad header name '{Shorten(name)}'";
            message.Add(name, line[(colon + 1)..].Trim());
        }

        return null;
    }

    private static SipParseResult Validate(SipMessage message)
    {
        var missing = MandatoryRequestHeaders.FirstOrDefault(h => message[h] is null);
        if (missing is not null) return SipParseResult.Invalid($"missing {missing}", message);
        if (message.CSeq is not { } cseq) return SipParseResult.Invalid("bad CSeq", message);
        if (message.IsRequest && cseq.Method != message.Method)
            return SipParseResult.Invalid($"CSeq method {cseq.Method} does not match {message.Method}", message);
        if (message.CallId!.Length > 256) return SipParseResult.Invalid("Call-ID too long", message);
        return new SipParseResult(message, null);
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "-.!%*_+`'~".Contains(c, StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
