namespace RecAce.Plugin.Sip.Messages;

/// <summary>
/// The outcome of parsing one message. <see cref="Error"/> is null for a valid message; with an
/// error, <see cref="Message"/> is what could be read (enough to answer 400) or null (drop it).
/// </summary>
internal sealed record SipParseResult(SipMessage? Message, string? Error)
{
    public bool IsValid => Error is null && Message is not null;

    public static SipParseResult Invalid(string error, SipMessage? partial = null) => new(partial, error);
}
