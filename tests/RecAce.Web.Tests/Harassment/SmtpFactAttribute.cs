namespace RecAce.Web.Tests.Harassment;

/// <summary>A test that needs the real aiosmtpd server; skipped with the reason when it is missing.</summary>
public sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        if (SmtpTestServer.MissingReason() is { } reason) Skip = reason;
    }
}
