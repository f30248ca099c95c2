using System.Xml;

namespace RecAce.Plugin.Sip.Siprec;

/// <summary>
/// Reads RFC 7865 metadata with a hardened reader: no DTD, no resolver, bounded size. Matches
/// elements by local name under any <c>urn:ietf:params:xml:ns:recording</c> namespace, so vendors
/// that drop the <c>:1</c> (or use older draft attribute names) are read too.
/// </summary>
internal static class RecordingMetadataReader
{
    /// <summary>Most characters accepted in one metadata document.</summary>
    public const int MaxCharacters = 256 * 1024;

    private const string NamespacePrefix = "urn:ietf:params:xml:ns:recording";

    /// <summary>Parses metadata; throws <see cref="XmlException"/> for anything malformed or unsafe.</summary>
    public static RecordingMetadata Read(ReadOnlyMemory<byte> xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        using var stream = new MemoryStream(xml.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, settings);
        reader.MoveToContent();
        if (reader.LocalName != "recording" || !reader.NamespaceURI.StartsWith(NamespacePrefix, StringComparison.Ordinal))
            throw new XmlException($"The root element is {reader.LocalName} in '{reader.NamespaceURI}', not recording metadata.");

        var participants = new Dictionary<string, (string? Aor, string? Name)>();
        var streams = new List<MetadataStream>();
        var sends = new Dictionary<string, List<string>>();
        string? sessionId = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1) continue;
            switch (reader.LocalName)
            {
                case "session":
                    sessionId ??= reader.GetAttribute("session_id") ?? reader.GetAttribute("id");
                    break;
                case "participant":
                    var pid = Id(reader, "participant_id");
                    participants[pid] = ReadParticipant(reader.ReadSubtree());
                    break;
                case "stream":
                    var sid = Id(reader, "stream_id");
                    streams.Add(new MetadataStream(sid, ReadChildText(reader.ReadSubtree(), "label")));
                    break;
                case "participantstreamassoc":
                    var owner = Id(reader, "participant_id");
                    if (!sends.TryGetValue(owner, out var list)) sends[owner] = list = [];
                    list.AddRange(ReadChildTexts(reader.ReadSubtree(), "send"));
                    break;
            }
        }

        return new RecordingMetadata(
            [.. participants.Select(p => new MetadataParticipant(p.Key, p.Value.Aor, p.Value.Name, sends.TryGetValue(p.Key, out var s) ? s : []))],
            streams,
            sessionId);
    }

    private static string Id(XmlReader reader, string attribute) =>
        reader.GetAttribute(attribute) ?? reader.GetAttribute("id") ?? throw new XmlException($"<{reader.LocalName}> has no {attribute}.");

    private static (string? Aor, string? Name) ReadParticipant(XmlReader subtree)
    {
        using (subtree)
        {
            string? aor = null, name = null;
            subtree.Read();
            while (!subtree.EOF)
            {
                if (subtree.NodeType == XmlNodeType.Element && subtree.LocalName is "aor" or "name" && subtree.Depth > 0)
                {
                    var isAor = subtree.LocalName == "aor";
                    var text = subtree.ReadElementContentAsString().Trim();
                    if (isAor) aor ??= text;
                    else name ??= text;
                    continue;
                }

                if (subtree.NodeType == XmlNodeType.Element && subtree.LocalName == "nameID") aor ??= subtree.GetAttribute("aor");
                subtree.Read();
            }

            return (aor, string.IsNullOrEmpty(name) ? null : name);
        }
    }

    private static string? ReadChildText(XmlReader subtree, string element) => ReadChildTexts(subtree, element).FirstOrDefault();

    private static List<string> ReadChildTexts(XmlReader subtree, string element)
    {
        using (subtree)
        {
            var values = new List<string>();
            subtree.Read();
            while (!subtree.EOF)
            {
                if (subtree.NodeType == XmlNodeType.Element && subtree.LocalName == element && subtree.Depth > 0)
                    values.Add(subtree.ReadElementContentAsString().Trim());
                else
                    subtree.Read();
            }

            return values;
        }
    }
}
