using System.Text;

namespace RecAce.Plugin.Sip.Messages;

/// <summary>Reads the parts of a body: a single body, or the parts of multipart/mixed (RFC 2046) as SIPREC sends SDP and metadata.</summary>
internal static class MessageBody
{
    /// <summary>Most parts read from one multipart body.</summary>
    public const int MaxParts = 8;

    /// <summary>The parts; empty when the body is empty, or a multipart body is malformed.</summary>
    public static IReadOnlyList<BodyPart> Parts(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Body.IsEmpty) return [];
        var type = message.MediaType ?? "application/sdp";
        if (!type.StartsWith("multipart/", StringComparison.Ordinal)) return [new BodyPart(type, message.Body)];
        var boundary = HeaderValues.Parameter(message[SipHeaderNames.ContentType]!, "boundary");
        return string.IsNullOrEmpty(boundary) || boundary.Length > 70 ? [] : Split(message.Body, boundary);
    }

    /// <summary>The content of the first part of a media type, or null.</summary>
    public static ReadOnlyMemory<byte>? Find(IReadOnlyList<BodyPart> parts, string mediaType) =>
        parts.FirstOrDefault(p => p.MediaType == mediaType)?.Content;

    private static List<BodyPart> Split(ReadOnlyMemory<byte> body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<BodyPart>();
        var span = body.Span;
        var at = span.IndexOf(delimiter);
        while (at >= 0 && parts.Count < MaxParts)
        {
            var afterDelimiter = at + delimiter.Length;
            if (span[afterDelimiter..].StartsWith("--"u8)) break;
            var next = span[afterDelimiter..].IndexOf(delimiter);
            if (next < 0) break;
            var partStart = afterDelimiter;
            var partEnd = afterDelimiter + next;
            var part = body[partStart..partEnd];
            var read = ReadPart(part);
            if (read is not null) parts.Add(read);
            at = partEnd;
        }

        return parts;
    }

    private static BodyPart? ReadPart(ReadOnlyMemory<byte> part)
    {
        // The CRLF before the next delimiter belongs to the delimiter.
        var span = part.Span;
        var start = span.StartsWith("\r\n"u8) ? 2 : span.StartsWith("\n"u8) ? 1 : 0;
        var end = span.EndsWith("\r\n"u8) ? span.Length - 2 : span.EndsWith("\n"u8) ? span.Length - 1 : span.Length;
        if (end < start) return null;
        var content = part[start..end];
        var headerEnd = SipParser.FindHeaderEnd(content.Span, out var separator);
        string mediaType = "text/plain";
        if (content.Span.StartsWith("\r\n"u8) || content.Span.StartsWith("\n"u8))
        {
            return new BodyPart(mediaType, content[(content.Span.StartsWith("\r\n"u8) ? 2 : 1)..]);
        }

        if (headerEnd < 0) return null;
        var headers = Encoding.UTF8.GetString(content.Span[..(headerEnd - separator)]);
        foreach (var line in headers.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = SipHeaderNames.Normalize(line[..colon].Trim());
            if (name == SipHeaderNames.ContentType) mediaType = line[(colon + 1)..].Split(';')[0].Trim().ToLowerInvariant();
        }

        return new BodyPart(mediaType, content[headerEnd..]);
    }
}
