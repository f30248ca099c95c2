namespace RecAce.Plugin.Sip.Messages;

/// <summary>One header field line as received (after unfolding), with its canonical name.</summary>
internal sealed record SipHeader(string Name, string Value);
