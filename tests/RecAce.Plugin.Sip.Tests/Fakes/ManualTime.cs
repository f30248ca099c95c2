namespace RecAce.Plugin.Sip.Tests.Fakes;

/// <summary>A clock that moves only when the test says so; its timers fire in due order as it moves.</summary>
internal sealed class ManualTime : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private TimeSpan _now;

    public TimeSpan Now
    {
        get
        {
            lock (_gate) return _now;
        }
    }

    /// <summary>Timers waiting to fire (a loop that awaits a delay has one).</summary>
    public int Pending
    {
        get
        {
            lock (_gate) return _timers.Count;
        }
    }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch + Now;

    public override long GetTimestamp() => Now.Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock to <paramref name="to"/>, firing each timer due on the way, in order.</summary>
    public void AdvanceTo(TimeSpan to)
    {
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due <= to).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    if (to > _now) _now = to;
                    return;
                }

                _now = next.Due;
                _timers.Remove(next);
                if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
                {
                    next.Due += next.Period;
                    _timers.Add(next);
                }
            }

            // Outside the lock: the callback may create the next timer.
            next.Fire();
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan) return;
            timer.Due = _now + dueTime;
            timer.Period = period;
            _timers.Add(timer);
        }
    }

    private sealed class ManualTimer(ManualTime owner, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan Due { get; set; }

        public TimeSpan Period { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Dispose() => owner.Schedule(this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
