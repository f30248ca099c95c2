namespace RecAce.Plugin.Capture.Decode;

/// <summary>
/// Puts IPv4 and IPv6 fragments back together (a SIP INVITE with a large SDP, or SIPREC metadata,
/// often arrives fragmented). Bounded: at most <see cref="MaxPending"/> datagrams in progress, each at
/// most 64 KiB, each given up <see cref="Timeout"/> (capture time) after its first fragment.
/// </summary>
internal sealed class IpReassembler
{
    public const int MaxPending = 4096;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int MaxDatagram = 65535;

    private readonly Dictionary<FragmentKey, Pending> _pending = [];
    private readonly CaptureCounters _counters;

    public IpReassembler(CaptureCounters counters) => _counters = counters;

    public int PendingCount => _pending.Count;

    /// <summary>Adds one fragment; returns the whole payload once every piece has arrived, else null.</summary>
    public byte[]? Add(FragmentKey key, int offset, bool more, ReadOnlySpan<byte> data, DateTimeOffset time)
    {
        if (offset + data.Length > MaxDatagram) { _counters.Malformed++; return null; }
        if (!_pending.TryGetValue(key, out var pending))
        {
            if (_pending.Count >= MaxPending) Expire(time, force: true);
            pending = new Pending(time);
            _pending[key] = pending;
        }
        if (pending.Fragments.Count >= 256) { _pending.Remove(key); _counters.Malformed++; return null; }
        pending.Fragments.Add((offset, data.ToArray()));
        if (!more) pending.TotalLength = offset + data.Length;
        if (pending.TotalLength < 0) return null;

        pending.Fragments.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        var covered = 0;
        foreach (var (fragmentOffset, bytes) in pending.Fragments)
        {
            if (fragmentOffset > covered) return null;
            covered = Math.Max(covered, fragmentOffset + bytes.Length);
        }
        if (covered < pending.TotalLength) return null;

        var whole = new byte[pending.TotalLength];
        foreach (var (fragmentOffset, bytes) in pending.Fragments)
        {
            var count = Math.Min(bytes.Length, whole.Length - fragmentOffset);
            if (count > 0) bytes.AsSpan(0, count).CopyTo(whole.AsSpan(fragmentOffset));
        }
        _pending.Remove(key);
        return whole;
    }

    /// <summary>Drops datagrams whose first fragment is older than <see cref="Timeout"/>; with force, the oldest half too.</summary>
    public void Expire(DateTimeOffset now, bool force = false)
    {
        if (_pending.Count == 0) return;
        var limit = now - Timeout;
        if (force)
        {
            var ordered = _pending.Values.Select(p => p.FirstSeen).Order().ToList();
            var median = ordered[ordered.Count / 2];
            if (median > limit) limit = median;
        }
        foreach (var (key, pending) in _pending.ToList())
        {
            if (pending.FirstSeen <= limit)
            {
                _pending.Remove(key);
                _counters.IpFragmentsExpired++;
            }
        }
    }

    private sealed class Pending(DateTimeOffset firstSeen)
    {
        public DateTimeOffset FirstSeen { get; } = firstSeen;
        public List<(int Offset, byte[] Bytes)> Fragments { get; } = [];
        public int TotalLength { get; set; } = -1;
    }
}
