using LinqToDB.Data;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary><c>recace verify-audit</c> on the real binary: 0 while the trail is intact, 1 once a row was edited in the database.</summary>
[Trait("Category", "EndToEnd")]
public sealed class VerifyAuditCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-cli");

    private Dictionary<string, string> Settings => new() { ["RecAce:DataDirectory"] = _temp.Combine("data") };

    [Fact]
    public async Task VerifyAudit_IntactThenRowEdited_ExitsZeroThenOne()
    {
        Assert.Equal(0, (await HostProcess.RunVerbAsync(Settings, "token", "create", "--name", "a", "--role", "Auditor")).ExitCode);
        Assert.Equal(0, (await HostProcess.RunVerbAsync(Settings, "token", "create", "--name", "b", "--role", "Auditor")).ExitCode);
        var intact = await HostProcess.RunVerbAsync(Settings, "verify-audit");
        Assert.Equal(0, intact.ExitCode);
        Assert.StartsWith("audit trail intact: 2 entries", intact.Stdout, StringComparison.Ordinal);

        var database = RecAce.Tests.TestDatabase.FactoryFor(_temp.Combine("data"));
        using (var db = database.Open()) db.Execute("UPDATE audit_events SET detail = 'role Admin' WHERE id = 1");
        database.ClearPools();

        var tampered = await HostProcess.RunVerbAsync(Settings, "verify-audit");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("row 1 was changed", tampered.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
