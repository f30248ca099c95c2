namespace RecAce.Plugin.Sip.Protection;

/// <summary>A token bucket for new calls: a burst of <c>perSecond</c>, refilled continuously.</summary>
internal sealed class CallRateLimiter(int perSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private double _tokens = perSecond;
    private long _lastTicks = time.GetTimestamp();

    public bool TryAcquire()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(perSecond, _tokens + time.GetElapsedTime(_lastTicks, now).TotalSeconds * perSecond);
            _lastTicks = now;
            if (_tokens < 1) return false;
            _tokens--;
            return true;
        }
    }
}
