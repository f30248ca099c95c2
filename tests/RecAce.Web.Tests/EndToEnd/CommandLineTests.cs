namespace RecAce.Web.Tests.EndToEnd;

/// <summary>The CLI verbs of the real binary: exit codes, one-line errors, secrets alone on stdout.</summary>
[Trait("Category", "EndToEnd")]
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-cli");

    private Dictionary<string, string> Settings => new() { ["RecAce:DataDirectory"] = _temp.Combine("data") };

    [Fact]
    public async Task Migrate_FreshThenAgain_AppliesOnceThenReportsCurrent()
    {
        var first = await HostProcess.RunVerbAsync(Settings, "migrate");
        var second = await HostProcess.RunVerbAsync(Settings, "migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied migrations: 1", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("database schema is current", second.Stdout);
    }

    [Fact]
    public async Task UnknownVerb_ExitsNonZeroWithOneLineReason()
    {
        var (code, stdout, stderr) = await HostProcess.RunVerbAsync(Settings, "frobnicate");
        Assert.NotEqual(0, code);
        Assert.Empty(stdout);
        Assert.StartsWith("recace: unknown command 'frobnicate'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr);
    }

    [Fact]
    public async Task TokenCreate_UnknownRole_ExitsNonZeroWithReason()
    {
        var (code, stdout, stderr) = await HostProcess.RunVerbAsync(Settings, "token", "create", "--name", "x", "--role", "Root");
        Assert.NotEqual(0, code);
        Assert.Empty(stdout);
        Assert.Contains("unknown role", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCreate_MissingName_ExitsNonZeroWithReason()
    {
        var (code, _, stderr) = await HostProcess.RunVerbAsync(Settings, "token", "create", "--role", "Admin");
        Assert.NotEqual(0, code);
        Assert.Contains("--name is required", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
