using System.Globalization;
using RecAce.Plugin.Capture.Net;

namespace RecAce.Plugin.Capture.Sip;

/// <summary>One m= section of an SDP body: where its owner wants to receive media, and how it names payload types.</summary>
internal sealed record SdpMedia(string Kind, string Protocol, IpAddressKey? Address, ushort Port, IReadOnlyList<int> PayloadTypes,
    IReadOnlyDictionary<int, RtpMap> RtpMaps, string Direction);

/// <summary>An a=rtpmap entry: encoding name (upper case), clock rate and channels.</summary>
internal readonly record struct RtpMap(string Encoding, int ClockRate, int Channels);

/// <summary>Reads the c=, m= and a= lines of SDP (RFC 8866) that tell where RTP goes and which codecs it carries.</summary>
internal static class SdpParser
{
    public static IReadOnlyList<SdpMedia> Parse(string body)
    {
        var result = new List<SdpMedia>();
        if (string.IsNullOrEmpty(body)) return result;
        IpAddressKey? sessionAddress = null;
        var sessionDirection = "sendrecv";
        Builder? media = null;
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length < 2 || line[1] != '=') continue;
            var value = line[2..];
            switch (line[0])
            {
                case 'm':
                    if (media is not null) result.Add(media.Build(sessionAddress, sessionDirection));
                    media = Builder.FromMediaLine(value);
                    break;
                case 'c':
                    var address = ParseConnection(value, out var valid);
                    if (media is null) sessionAddress = valid ? address : null;
                    else { media.Address = valid ? address : null; media.HasAddress = true; }
                    break;
                case 'a':
                    if (value is "sendrecv" or "sendonly" or "recvonly" or "inactive")
                    {
                        if (media is null) sessionDirection = value;
                        else media.Direction = value;
                    }
                    else if (media is not null && value.StartsWith("rtpmap:", StringComparison.OrdinalIgnoreCase))
                    {
                        media.AddRtpMap(value[7..]);
                    }
                    break;
            }
        }
        if (media is not null) result.Add(media.Build(sessionAddress, sessionDirection));
        return result;
    }

    /// <summary>c=IN IP4 192.0.2.1 (or IP6); 0.0.0.0 (old-style hold) yields no address but counts as valid.</summary>
    private static IpAddressKey? ParseConnection(string value, out bool valid)
    {
        valid = false;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3) return null;
        var text = parts[2];
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0) text = text[..slash];
        if (!IpAddressKey.TryParse(text, out var address)) return null;
        valid = true;
        return address.IsUnspecified ? null : address;
    }

    private sealed class Builder
    {
        private readonly List<int> _payloadTypes = [];
        private readonly Dictionary<int, RtpMap> _rtpMaps = [];

        private Builder(string kind, string protocol, ushort port)
        {
            Kind = kind;
            Protocol = protocol;
            Port = port;
        }

        public string Kind { get; }

        public string Protocol { get; }

        public ushort Port { get; }

        public IpAddressKey? Address { get; set; }

        public bool HasAddress { get; set; }

        public string? Direction { get; set; }

        public static Builder FromMediaLine(string value)
        {
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var port = parts.Length > 1 && ushort.TryParse(parts[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : (ushort)0;
            var builder = new Builder(parts.Length > 0 ? parts[0].ToLowerInvariant() : "", parts.Length > 2 ? parts[2].ToUpperInvariant() : "", port);
            for (var i = 3; i < parts.Length && i < 64; i++)
            {
                if (int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt is >= 0 and <= 127)
                    builder._payloadTypes.Add(pt);
            }
            return builder;
        }

        public void AddRtpMap(string value)
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127) return;
            var parts = value[(space + 1)..].Trim().Split('/');
            var rate = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 8000;
            var channels = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 1;
            _rtpMaps[pt] = new RtpMap(parts[0].ToUpperInvariant(), rate, channels);
        }

        public SdpMedia Build(IpAddressKey? sessionAddress, string sessionDirection) =>
            new(Kind, Protocol, HasAddress ? Address : sessionAddress, Port, _payloadTypes, _rtpMaps, Direction ?? sessionDirection);
    }
}
