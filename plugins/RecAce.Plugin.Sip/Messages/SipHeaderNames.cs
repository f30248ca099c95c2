namespace RecAce.Plugin.Sip.Messages;

/// <summary>Canonical header names, and the compact forms of RFC 3261 section 7.3.3 mapped to them.</summary>
internal static class SipHeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string MaxForwards = "Max-Forwards";
    public const string Require = "Require";
    public const string Supported = "Supported";
    public const string Unsupported = "Unsupported";
    public const string Allow = "Allow";
    public const string Accept = "Accept";
    public const string RetryAfter = "Retry-After";
    public const string UserAgent = "User-Agent";
    public const string Server = "Server";
    public const string PAssertedIdentity = "P-Asserted-Identity";
    public const string Diversion = "Diversion";

    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        ["v"] = Via, ["f"] = From, ["t"] = To, ["i"] = CallId, ["m"] = Contact, ["l"] = ContentLength,
        ["c"] = ContentType, ["k"] = Supported, ["s"] = "Subject", ["e"] = "Content-Encoding",
        ["o"] = "Event", ["u"] = "Allow-Events", ["r"] = "Refer-To", ["b"] = "Referred-By",
        ["x"] = "Session-Expires", ["a"] = "Accept-Contact", ["j"] = "Reject-Contact", ["d"] = "Request-Disposition",
        [Via] = Via, [From] = From, [To] = To, [CallId] = CallId, [CSeq] = CSeq, [Contact] = Contact,
        [ContentLength] = ContentLength, [ContentType] = ContentType, [MaxForwards] = MaxForwards,
        [Require] = Require, [Supported] = Supported, [Allow] = Allow, [Accept] = Accept,
        [PAssertedIdentity] = PAssertedIdentity, [Diversion] = Diversion,
    };

    /// <summary>The canonical spelling of a header name (compact forms expanded); unknown names are kept as given.</summary>
    public static string Normalize(string name) => Canonical.TryGetValue(name, out var canonical) ? canonical : name;
}
