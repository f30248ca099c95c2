namespace RecAce.Plugin.Capture.Decode;

/// <summary>The pcap link types (LINKTYPE_*) the decoder understands.</summary>
internal static class LinkType
{
    public const int Null = 0;
    public const int Ethernet = 1;
    public const int Ppp = 9;
    public const int RawBsd = 12;
    public const int RawOpenBsd = 14;
    public const int PppHdlc = 50;
    public const int Raw = 101;
    public const int Loop = 108;
    public const int LinuxSll = 113;
    public const int Ipv4 = 228;
    public const int Ipv6 = 229;
    public const int LinuxSll2 = 276;
}
