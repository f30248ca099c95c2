namespace RecAce.Plugin.Sip.Siprec;

/// <summary>The parts of RFC 7865 recording metadata the recorder uses.</summary>
internal sealed record RecordingMetadata(
    IReadOnlyList<MetadataParticipant> Participants,
    IReadOnlyList<MetadataStream> Streams,
    string? SessionId)
{
    /// <summary>The participant that sends the stream with an SDP label, or null when the metadata does not say.</summary>
    public MetadataParticipant? SenderOf(string? label)
    {
        if (label is null) return null;
        var stream = Streams.FirstOrDefault(s => s.Label == label);
        return stream is null ? null : Participants.FirstOrDefault(p => p.Sends.Contains(stream.Id));
    }
}

/// <summary>A participant: its id in the metadata, address of record and display name.</summary>
internal sealed record MetadataParticipant(string Id, string? Aor, string? Name, IReadOnlyList<string> Sends);

/// <summary>A stream: its id in the metadata and the SDP label it refers to.</summary>
internal sealed record MetadataStream(string Id, string? Label);
