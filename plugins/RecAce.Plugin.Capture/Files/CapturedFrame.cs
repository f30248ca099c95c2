namespace RecAce.Plugin.Capture.Files;

/// <summary>One frame as read from a file or an interface. <see cref="Data"/> is valid until the next read.</summary>
internal readonly ref struct CapturedFrame
{
    public CapturedFrame(int linkType, DateTimeOffset time, ReadOnlySpan<byte> data)
    {
        LinkType = linkType;
        Time = time;
        Data = data;
    }

    public int LinkType { get; }

    public DateTimeOffset Time { get; }

    public ReadOnlySpan<byte> Data { get; }
}
