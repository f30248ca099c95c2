using RecAce.Core.Storage;

namespace RecAce.Web.Health;

/// <summary>The recordings quota and low free space in /healthz: Degraded with the reason while a warning stands.</summary>
internal sealed class StorageHealthPart : IHealthPart
{
    private readonly StorageMonitor _monitor;

    public StorageHealthPart(StorageMonitor monitor) => _monitor = monitor;

    public string Name => "storage";

    public object Check() => _monitor.Last switch
    {
        null => new Part("Healthy", "not checked yet"),
        { Ok: true } s => new Part("Healthy", s.Summary),
        var s => new Part("Degraded", s.Summary),
    };
}
