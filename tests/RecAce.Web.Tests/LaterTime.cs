namespace RecAce.Web.Tests;

/// <summary>The system clock, moved ahead: a retention sweep run as it would run years from now.</summary>
internal sealed class LaterTime(TimeSpan ahead) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
}
