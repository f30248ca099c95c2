using System.Text;

namespace RecAce.Plugin.Capture.Sip;

/// <summary>
/// A small, tolerant SIP parser (RFC 3261 section 7): start line, headers in long or compact form,
/// folded lines, CRLF or bare LF line ends, Content-Length. Returns null for anything that is not SIP.
/// </summary>
internal static class SipParser
{
    private const string Version = "SIP/2.0";

    public static SipMessage? Parse(ReadOnlySpan<byte> data)
    {
        // Keep-alives (CRLF) and leading blank lines are not messages.
        var start = 0;
        while (start < data.Length && data[start] is (byte)'\r' or (byte)'\n') start++;
        data = data[start..];
        if (data.Length < 12 || data[0] < 'A' || data[0] > 'Z') return null;

        var headerEnd = SipFraming.FindHeaderEnd(data, out var separatorLength);
        var headerBytes = headerEnd < 0 ? data : data[..headerEnd];
        var text = Encoding.UTF8.GetString(headerBytes);
        var lines = text.Split('\n');
        var startLine = lines[0].TrimEnd('\r');

        bool isRequest;
        string? method = null;
        var status = 0;
        if (startLine.StartsWith(Version + " ", StringComparison.Ordinal))
        {
            isRequest = false;
            var codeText = startLine.Length >= 11 ? startLine.AsSpan(8, 3) : default;
            if (!int.TryParse(codeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out status) || status < 100 || status > 699)
                return null;
        }
        else if (startLine.EndsWith(" " + Version, StringComparison.Ordinal))
        {
            isRequest = true;
            var space = startLine.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) return null;
            method = startLine[..space].ToUpperInvariant();
        }
        else
        {
            return null;
        }

        string? callId = null, from = null, to = null, cseq = null, contentType = null;
        var contentLength = -1;
        string? current = null;
        var currentValue = new StringBuilder();
        void Commit()
        {
            if (current is null) return;
            var value = currentValue.ToString().Trim();
            switch (current)
            {
                case "call-id" or "i": callId ??= value; break;
                case "from" or "f": from ??= value; break;
                case "to" or "t": to ??= value; break;
                case "cseq": cseq ??= value; break;
                case "content-type" or "c": contentType ??= value; break;
                case "content-length" or "l":
                    if (contentLength < 0 && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) contentLength = n;
                    break;
            }
            current = null;
        }

        for (var i = 1; i < lines.Length && i < 512; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) break;
            if (line[0] is ' ' or '\t')
            {
                // A folded continuation of the previous header (RFC 3261 7.3.1).
                if (current is not null) currentValue.Append(' ').Append(line.AsSpan().Trim());
                continue;
            }
            Commit();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            current = line[..colon].Trim().ToLowerInvariant();
            currentValue.Clear().Append(line.AsSpan(colon + 1));
        }
        Commit();

        if (string.IsNullOrEmpty(callId) || cseq is null) return null;
        var (cseqNumber, cseqMethod) = ParseCSeq(cseq);

        var body = "";
        if (headerEnd >= 0)
        {
            var bodyBytes = data[(headerEnd + separatorLength)..];
            if (contentLength >= 0 && contentLength < bodyBytes.Length) bodyBytes = bodyBytes[..contentLength];
            body = bodyBytes.IsEmpty ? "" : Encoding.UTF8.GetString(bodyBytes);
        }

        return new SipMessage
        {
            IsRequest = isRequest,
            Method = method,
            StatusCode = status,
            CallId = callId,
            From = ParseNameAddress(from),
            To = ParseNameAddress(to),
            CSeq = cseqNumber,
            CSeqMethod = cseqMethod,
            ContentType = contentType,
            Body = body,
        };
    }

    private static (int Number, string Method) ParseCSeq(string value)
    {
        var parts = value.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var number = parts.Length > 0 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        return (number, parts.Length > 1 ? parts[1].ToUpperInvariant() : "");
    }

    /// <summary>Parses <c>"Name" &lt;sip:user@host;p&gt;;tag=x</c> or <c>sip:user@host;tag=x</c>.</summary>
    internal static SipNameAddress ParseNameAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return default;
        string? display = null;
        string uri;
        string parameters;
        var open = value.IndexOf('<', StringComparison.Ordinal);
        var close = open >= 0 ? value.IndexOf('>', open + 1) : -1;
        if (open >= 0 && close > open)
        {
            display = value[..open].Trim().Trim('"').Trim();
            if (display.Length == 0) display = null;
            uri = value[(open + 1)..close];
            parameters = value[(close + 1)..];
        }
        else
        {
            var semicolon = value.IndexOf(';', StringComparison.Ordinal);
            uri = semicolon >= 0 ? value[..semicolon] : value;
            parameters = semicolon >= 0 ? value[semicolon..] : "";
        }

        string? tag = null;
        foreach (var parameter in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (parameter.StartsWith("tag=", StringComparison.OrdinalIgnoreCase))
                tag = parameter[4..];
        }
        return new SipNameAddress(UserOf(uri.Trim()), display, tag);
    }

    private static string? UserOf(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return null;
        var rest = uri[(colon + 1)..];
        var end = rest.IndexOfAny(['@', ';', '?', '>']);
        var user = end >= 0 && rest[end] == '@' ? rest[..end] : (uri.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? (end >= 0 ? rest[..end] : rest) : null);
        if (user is null) return null;
        var parameters = user.IndexOf(';', StringComparison.Ordinal);
        if (parameters >= 0) user = user[..parameters];
        return Uri.UnescapeDataString(user);
    }
}
