using System.Net;

namespace RecAce.Plugin.Sip.Sdp;

/// <summary>One m-line of an offer: where its RTP comes from, its formats and its SIPREC label.</summary>
internal sealed record SdpMedia
{
    public required string Type { get; init; }

    public required int Port { get; init; }

    public required string Protocol { get; init; }

    /// <summary>Payload types in the offer's order of preference.</summary>
    public required IReadOnlyList<int> PayloadTypes { get; init; }

    /// <summary>Encoding name (upper case) and clock rate by payload type, from a=rtpmap or the static table.</summary>
    public required IReadOnlyDictionary<int, (string Name, int ClockRate)> Formats { get; init; }

    /// <summary>The connection address of this m-line (its own c= or the session's); null when unspecified.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>The a=label value (RFC 4574), which SIPREC metadata refers to.</summary>
    public string? Label { get; init; }

    /// <summary>sendonly, recvonly, sendrecv or inactive as offered.</summary>
    public string Direction { get; init; } = "sendrecv";

    /// <summary>Other attribute lines, kept for the answer where RFCs ask for an echo.</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];
}
