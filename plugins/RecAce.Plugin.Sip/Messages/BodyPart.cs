namespace RecAce.Plugin.Sip.Messages;

/// <summary>One body of a message: its media type (lower case, no parameters) and content.</summary>
internal sealed record BodyPart(string MediaType, ReadOnlyMemory<byte> Content);
