namespace RecAce.Plugin.Capture.Sip;

/// <summary>The parts of a SIP message a passive recorder needs; everything else is ignored.</summary>
internal sealed class SipMessage
{
    public bool IsRequest { get; init; }

    /// <summary>The request method (upper case), or null for a response.</summary>
    public string? Method { get; init; }

    /// <summary>The response status code, or 0 for a request.</summary>
    public int StatusCode { get; init; }

    public required string CallId { get; init; }

    public SipNameAddress From { get; init; }

    public SipNameAddress To { get; init; }

    public int CSeq { get; init; }

    /// <summary>The method of the CSeq header (upper case): what a response answers.</summary>
    public string CSeqMethod { get; init; } = "";

    public string? ContentType { get; init; }

    /// <summary>The body, cut to Content-Length when the header is present.</summary>
    public string Body { get; init; } = "";

    public bool HasSdp => Body.Length > 0
        && (ContentType is null ? Body.StartsWith("v=", StringComparison.Ordinal) : ContentType.Contains("application/sdp", StringComparison.OrdinalIgnoreCase)
            || ContentType.Contains("multipart", StringComparison.OrdinalIgnoreCase) && Body.Contains("\nm=", StringComparison.Ordinal));
}

/// <summary>The user part, display name and tag of a From or To header.</summary>
internal readonly record struct SipNameAddress(string? User, string? DisplayName, string? Tag);
