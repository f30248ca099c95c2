namespace RecAce.Plugin.Capture.Net;

/// <summary>One direction of a TCP connection.</summary>
internal readonly record struct FlowKey(MediaEndpoint Source, MediaEndpoint Destination);
