using System.Collections.Concurrent;
using System.Net;

namespace RecAce.Plugin.Sip.Protection;

/// <summary>Lets one log line per source per minute through, so a scanner cannot flood the log.</summary>
internal sealed class SourceThrottle(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(IPAddress, string), DateTimeOffset> _last = new();

    /// <summary>True when this source has not been logged for this kind of event in the last minute.</summary>
    public bool ShouldLog(IPAddress source, string kind)
    {
        var now = time.GetUtcNow();
        var key = (source, kind);
        if (_last.TryGetValue(key, out var last) && now - last < Window) return false;
        _last[key] = now;
        if (_last.Count > 10_000)
        {
            // Bounded memory under a spoofed-source flood: forget entries older than the window.
            foreach (var old in _last.Where(e => now - e.Value >= Window).Select(e => e.Key).ToList()) _last.TryRemove(old, out _);
        }

        return true;
    }
}
