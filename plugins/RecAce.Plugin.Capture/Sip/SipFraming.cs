using System.Text;

namespace RecAce.Plugin.Capture.Sip;

/// <summary>
/// Splits a reassembled TCP byte stream into SIP messages by their Content-Length (RFC 3261 18.3):
/// over a stream the header is mandatory and the only message boundary.
/// </summary>
internal static class SipFraming
{
    /// <summary>A header larger than this without its blank line is not SIP; the stream is resynchronised.</summary>
    public const int MaxHeaderLength = 32 * 1024;

    /// <summary>Bodies larger than this are treated as a damaged Content-Length.</summary>
    public const int MaxBodyLength = 1024 * 1024;

    /// <summary>The offset of the blank line ending the header, or -1; CRLFCRLF or LFLF.</summary>
    public static int FindHeaderEnd(ReadOnlySpan<byte> data, out int separatorLength)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf + 1 <= lf))
        {
            separatorLength = 4;
            return crlf;
        }
        separatorLength = 2;
        return lf;
    }

    /// <summary>
    /// Finds the first whole message in <paramref name="buffer"/>. Returns its length, 0 when more
    /// bytes are needed, or -1 when the buffer does not hold SIP at its start (skip <paramref name="skip"/> bytes).
    /// </summary>
    public static int TryFrame(ReadOnlySpan<byte> buffer, out int skip)
    {
        skip = 0;
        while (skip < buffer.Length && buffer[skip] is (byte)'\r' or (byte)'\n') skip++;
        var data = buffer[skip..];
        if (data.IsEmpty) return 0;
        if (data[0] < 'A' || data[0] > 'Z')
        {
            skip += Resync(data);
            return -1;
        }
        var headerEnd = FindHeaderEnd(data, out var separator);
        if (headerEnd < 0)
        {
            if (data.Length <= MaxHeaderLength) return 0;
            skip += Resync(data);
            return -1;
        }
        var contentLength = ContentLength(data[..headerEnd]);
        if (contentLength < 0 || contentLength > MaxBodyLength)
        {
            // No usable Content-Length: take the header alone so the stream keeps moving.
            contentLength = 0;
        }
        var total = headerEnd + separator + contentLength;
        return total <= data.Length ? total : 0;
    }

    private static int Resync(ReadOnlySpan<byte> data)
    {
        // Skip to the next line that starts a SIP message (a request line or "SIP/2.0 ").
        for (var i = 1; i < data.Length - 1; i++)
        {
            if (data[i - 1] == '\n' && data[i] >= 'A' && data[i] <= 'Z')
                return i;
        }
        return Math.Max(1, data.Length - 1);
    }

    private static int ContentLength(ReadOnlySpan<byte> header)
    {
        var text = Encoding.ASCII.GetString(header);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("l", StringComparison.OrdinalIgnoreCase))
                return int.TryParse(line.AsSpan(colon + 1).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        }
        return -1;
    }
}
