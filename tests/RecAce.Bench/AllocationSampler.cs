using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace RecAce.Bench;

/// <summary>
/// Which types this process allocates, from the runtime's allocation ticks (one event per ~100 KB
/// allocated, naming the type that crossed the mark): a sampled profile, enough to tell the
/// recording pipeline's allocations from the SIP layer's. Opt-in (<c>--alloc-types</c>): listening
/// costs a little itself.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!(eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) ?? false) || eventData.Payload is null || eventData.PayloadNames is null) return;
        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, v) => v + amount);
    }

    /// <summary>Prints the types that took most of the sampled allocation, largest first.</summary>
    public void Print(string prefix, int top = 20)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}.alloc_type: {bytes / 1048576.0,7:0.0} MiB {100.0 * bytes / total,5:0.0} %  {type}"));
    }
}
