using System.Globalization;
using System.Net;
using System.Text;

namespace RecAce.Plugin.Sip.Sdp;

/// <summary>A parsed SDP offer (RFC 4566): only what a recorder needs to receive each stream.</summary>
internal sealed record SdpOffer(IPAddress? Address, IReadOnlyList<SdpMedia> Media)
{
    /// <summary>Most m-lines accepted in one offer.</summary>
    public const int MaxMedia = 16;

    private static readonly Dictionary<int, (string, int)> StaticFormats = new()
    {
        [0] = ("PCMU", 8000), [8] = ("PCMA", 8000), [9] = ("G722", 8000), [10] = ("L16", 44100), [11] = ("L16", 44100),
    };

    /// <summary>Parses an SDP body; null when it is not usable SDP.</summary>
    public static SdpOffer? Parse(ReadOnlySpan<byte> body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        IPAddress? sessionAddress = null;
        var media = new List<MediaBuilder>();
        var sawVersion = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length < 2 || line[1] != '=') continue;
            var value = line[2..];
            switch (line[0])
            {
                case 'v':
                    sawVersion = value.Trim() == "0";
                    break;
                case 'c':
                    var address = ParseConnection(value);
                    if (media.Count == 0) sessionAddress = address;
                    else media[^1].Address = address;
                    break;
                case 'm':
                    if (media.Count >= MaxMedia) return null;
                    var m = ParseMediaLine(value);
                    if (m is null) return null;
                    media.Add(m);
                    break;
                case 'a' when media.Count > 0:
                    media[^1].AddAttribute(value);
                    break;
            }
        }

        if (!sawVersion) return null;
        return new SdpOffer(sessionAddress, [.. media.Select(m => m.Build(sessionAddress))]);
    }

    private static IPAddress? ParseConnection(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || parts[0] != "IN") return null;
        var host = parts[2].Split('/')[0];
        return IPAddress.TryParse(host, out var ip) ? ip : null;
    }

    private static MediaBuilder? ParseMediaLine(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4) return null;
        if (!int.TryParse(parts[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535) return null;
        var types = new List<int>();
        foreach (var p in parts.Skip(3))
        {
            if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt <= 127) types.Add(pt);
        }

        return new MediaBuilder { Type = parts[0], Port = port, Protocol = parts[2], PayloadTypes = types };
    }

    private sealed class MediaBuilder
    {
        public required string Type { get; init; }
        public required int Port { get; init; }
        public required string Protocol { get; init; }
        public required List<int> PayloadTypes { get; init; }
        public IPAddress? Address { get; set; }
        public string? Label { get; private set; }
        public string Direction { get; private set; } = "sendrecv";
        public Dictionary<int, (string, int)> Formats { get; } = [];
        public List<string> Attributes { get; } = [];

        public void AddAttribute(string value)
        {
            if (value is "sendonly" or "recvonly" or "sendrecv" or "inactive")
            {
                Direction = value;
                return;
            }

            if (value.StartsWith("label:", StringComparison.Ordinal))
            {
                Label = value[6..].Trim();
                return;
            }

            if (value.StartsWith("rtpmap:", StringComparison.Ordinal))
            {
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                if (space > 7 && int.TryParse(value[7..space], NumberStyles.None, CultureInfo.InvariantCulture, out var pt))
                {
                    var encoding = value[(space + 1)..].Split('/');
                    var rate = encoding.Length > 1 && int.TryParse(encoding[1], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 8000;
                    Formats[pt] = (encoding[0].Trim().ToUpperInvariant(), rate);
                }

                return;
            }

            Attributes.Add(value);
        }

        public SdpMedia Build(IPAddress? sessionAddress)
        {
            var formats = new Dictionary<int, (string, int)>();
            foreach (var pt in PayloadTypes)
            {
                if (Formats.TryGetValue(pt, out var f) || StaticFormats.TryGetValue(pt, out f)) formats[pt] = f;
            }

            return new SdpMedia
            {
                Type = Type, Port = Port, Protocol = Protocol, PayloadTypes = PayloadTypes, Formats = formats,
                Address = Address ?? sessionAddress, Label = Label, Direction = Direction, Attributes = Attributes,
            };
        }
    }
}
