using System.Globalization;
using System.Net;

namespace RecAce.Plugin.Sip.Protection;

/// <summary>An IP address or CIDR block that may send SIP to the recorder.</summary>
public sealed class AddressRange
{
    private readonly byte[] _network;
    private readonly int _prefix;

    private AddressRange(byte[] network, int prefix, string text)
    {
        _network = network;
        _prefix = prefix;
        Text = text;
    }

    /// <summary>The range as configured.</summary>
    public string Text { get; }

    /// <summary>Parses <c>192.0.2.10</c>, <c>192.0.2.0/24</c> or an IPv6 form.</summary>
    /// <exception cref="FormatException">The text is neither an address nor a CIDR block.</exception>
    public static AddressRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash >= 0 ? text[..slash] : text;
        if (!IPAddress.TryParse(addressText, out var address)) throw new FormatException($"'{text}' is not an IP address or CIDR block.");
        var bytes = address.GetAddressBytes();
        var prefix = bytes.Length * 8;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bytes.Length * 8))
            throw new FormatException($"'{text}' has an invalid prefix length.");
        return new AddressRange(bytes, prefix, text);
    }

    /// <summary>Whether an address is in the range (IPv4-mapped IPv6 addresses count as IPv4).</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        if (bytes.Length != _network.Length) return false;
        var whole = _prefix / 8;
        if (!bytes.AsSpan(0, whole).SequenceEqual(_network.AsSpan(0, whole))) return false;
        var rest = _prefix % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (bytes[whole] & mask) == (_network[whole] & mask);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
