using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace RecAce.Plugin.Capture.Net;

/// <summary>
/// An IPv4 or IPv6 address as two integers (IPv4 mapped into ::ffff:0:0/96), so the packet path can
/// hash and compare addresses without allocating an <see cref="IPAddress"/> per packet.
/// </summary>
internal readonly record struct IpAddressKey(ulong High, ulong Low)
{
    private const ulong V4MappedPrefix = 0x0000_FFFF_0000_0000UL;

    public bool IsUnspecified => High == 0 && (Low == 0 || Low == V4MappedPrefix);

    public static IpAddressKey FromV4(ReadOnlySpan<byte> address) =>
        new(0, V4MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(address));

    public static IpAddressKey FromV6(ReadOnlySpan<byte> address) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(address), BinaryPrimitives.ReadUInt64BigEndian(address[8..]));

    public static IpAddressKey From(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return FromV4(bytes);
        }
        address.TryWriteBytes(bytes, out _);
        return FromV6(bytes);
    }

    public static bool TryParse(string? text, out IpAddressKey key)
    {
        key = default;
        if (text is null || !IPAddress.TryParse(text, out var address))
            return false;
        key = From(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
        return true;
    }

    public IPAddress ToIPAddress()
    {
        if (High == 0 && (Low >> 32) == 0xFFFF)
            return new IPAddress((long)IPAddress.HostToNetworkOrder((int)(uint)Low) & 0xFFFFFFFFL);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return new IPAddress(bytes);
    }

    public override string ToString() => ToIPAddress().ToString();
}
