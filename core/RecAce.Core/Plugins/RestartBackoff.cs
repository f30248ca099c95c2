namespace RecAce.Core.Plugins;

/// <summary>The wait before restarting a faulted adapter: base, doubling per consecutive fault, capped.</summary>
internal static class RestartBackoff
{
    /// <param name="consecutiveFaults">1 for the first fault in a row.</param>
    /// <param name="baseDelay">The first wait.</param>
    /// <param name="cap">The longest wait.</param>
    public static TimeSpan For(int consecutiveFaults, TimeSpan baseDelay, TimeSpan cap)
    {
        // Past 2^40 any sane base is already over any sane cap; stopping there keeps the arithmetic finite.
        var doublings = Math.Clamp(consecutiveFaults - 1, 0, 40);
        var ticks = baseDelay.Ticks * Math.Pow(2, doublings);
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }
}
