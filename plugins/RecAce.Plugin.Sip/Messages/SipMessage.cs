using System.Globalization;
using System.Text;

namespace RecAce.Plugin.Sip.Messages;

/// <summary>
/// A SIP request or response: start line, header fields in their order, and the body as bytes.
/// Header names are canonical (compact forms expanded); values are unfolded and trimmed.
/// </summary>
internal sealed class SipMessage
{
    private readonly List<SipHeader> _headers = [];

    private SipMessage(string? method, string? requestUri, int statusCode, string? reason)
    {
        Method = method;
        RequestUri = requestUri;
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>The request method, or null for a response.</summary>
    public string? Method { get; }

    public string? RequestUri { get; }

    /// <summary>The response status, or 0 for a request.</summary>
    public int StatusCode { get; }

    public string? Reason { get; }

    public bool IsRequest => Method is not null;

    public IReadOnlyList<SipHeader> Headers => _headers;

    public ReadOnlyMemory<byte> Body { get; set; } = ReadOnlyMemory<byte>.Empty;

    public static SipMessage Request(string method, string requestUri) => new(method, requestUri, 0, null);

    public static SipMessage Response(int statusCode, string reason) => new(null, null, statusCode, reason);

    public string? CallId => this[SipHeaderNames.CallId];

    public string? this[string name] => _headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>Every value of a header, with comma-separated values (several Via in one line) split apart.</summary>
    public IReadOnlyList<string> All(string name) =>
        [.. _headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).SelectMany(h => HeaderValues.SplitList(h.Value))];

    public SipMessage Add(string name, string value)
    {
        _headers.Add(new SipHeader(SipHeaderNames.Normalize(name), value));
        return this;
    }

    public void Remove(string name) => _headers.RemoveAll(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The CSeq number and method, or null when the header is missing or malformed.</summary>
    public (uint Number, string Method)? CSeq
    {
        get
        {
            var parts = this[SipHeaderNames.CSeq]?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts is { Length: 2 } && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? (n, parts[1])
                : null;
        }
    }

    /// <summary>The content type without parameters, lower case; null without a body type.</summary>
    public string? MediaType => this[SipHeaderNames.ContentType]?.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Serializes with CRLF line ends and a Content-Length that matches the body.</summary>
    public byte[] ToBytes()
    {
        var text = new StringBuilder(512);
        text.Append(IsRequest
            ? $"{Method} {RequestUri} SIP/2.0\r\n"
            : string.Create(CultureInfo.InvariantCulture, $"SIP/2.0 {StatusCode} {Reason}\r\n"));
        foreach (var h in _headers)
        {
            if (h.Name.Equals(SipHeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)) continue;
            text.Append(h.Name).Append(": ").Append(h.Value).Append("\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n\r\n");
        var head = Encoding.UTF8.GetBytes(text.ToString());
        var bytes = new byte[head.Length + Body.Length];
        head.CopyTo(bytes, 0);
        Body.Span.CopyTo(bytes.AsSpan(head.Length));
        return bytes;
    }

    public override string ToString() => IsRequest ? $"{Method} {RequestUri}" : $"{StatusCode} {Reason}";
}
