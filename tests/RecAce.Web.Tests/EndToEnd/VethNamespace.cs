using System.Globalization;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// A network namespace of the test's own with one end of a veth pair inside it (where tcpreplay sends)
/// and the other end in the host's namespace (where RecAce captures). Removed on dispose.
/// </summary>
internal sealed class VethNamespace : IAsyncDisposable
{
    private VethNamespace(string name, string hostEnd, string namespaceEnd)
    {
        Name = name;
        HostEnd = hostEnd;
        NamespaceEnd = namespaceEnd;
    }

    public string Name { get; }

    /// <summary>The interface RecAce captures on.</summary>
    public string HostEnd { get; }

    /// <summary>The interface inside the namespace that tcpreplay writes to.</summary>
    public string NamespaceEnd { get; }

    public static async Task<VethNamespace> CreateAsync()
    {
        var id = Random.Shared.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var created = new VethNamespace("rcap" + id, "rch" + id, "rcn" + id);
        try
        {
            await IpAsync("netns", "add", created.Name);
            await IpAsync("link", "add", created.HostEnd, "type", "veth", "peer", "name", created.NamespaceEnd);
            await IpAsync("link", "set", created.NamespaceEnd, "netns", created.Name);
            await IpAsync("link", "set", created.HostEnd, "up");
            await IpAsync("netns", "exec", created.Name, "ip", "link", "set", created.NamespaceEnd, "up");
            return created;
        }
        catch
        {
            await created.DisposeAsync();
            throw;
        }
    }

    /// <summary>Replays a capture into the namespace end; extra arguments such as <c>--pps=N</c> go to tcpreplay.</summary>
    public Task<(int Code, string Output)> ReplayAsync(string pcap, TimeSpan timeout, params string[] options) =>
        ExternalTools.RunAsync("ip", Path.GetDirectoryName(pcap)!, timeout,
            ["netns", "exec", Name, "tcpreplay", "-i", NamespaceEnd, .. options, pcap]);

    public async ValueTask DisposeAsync()
    {
        // Deleting one end removes the pair; the namespace goes last. Errors here must not hide a test failure.
        await ExternalTools.RunAsync("ip", "/", TimeSpan.FromSeconds(10), "link", "del", HostEnd);
        await ExternalTools.RunAsync("ip", "/", TimeSpan.FromSeconds(10), "netns", "del", Name);
    }

    private static async Task IpAsync(params string[] args)
    {
        var (code, output) = await ExternalTools.RunAsync("ip", "/", TimeSpan.FromSeconds(10), args);
        if (code != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {output}");
    }
}
