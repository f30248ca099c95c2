namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// The Windows install script under real PowerShell 7 (the .NET global tool). Windows itself is not
/// here, so the script runs with -WhatIf: every step it would take is printed and checked, nothing is
/// changed, and its refusals of bad input are real.
/// </summary>
[Trait("Category", "Packaging")]
// Run once, in the SQLite pass: the install script is the subject; no database is opened.
[Trait("Database", "Independent")]
public sealed class WindowsInstallScriptTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "packaging", "windows", "Install-RecAce.ps1");
    private readonly TempDirectory _dir = new("recace-win");

    private Task<(int Code, string Output)> RunAsync(params string[] args) =>
        ExternalTools.RunAsync("pwsh", _dir.Path, TimeSpan.FromMinutes(2), ["-NoProfile", "-NonInteractive", "-File", Script, .. args]);

    [RealPeerFact("pwsh")]
    public async Task Parse_Script_NoSyntaxErrors()
    {
        var (code, output) = await ExternalTools.RunAsync("pwsh", _dir.Path, TimeSpan.FromMinutes(2), "-NoProfile", "-NonInteractive", "-Command",
            $"$errors = $null; [System.Management.Automation.Language.Parser]::ParseFile('{Script}', [ref]$null, [ref]$errors) | Out-Null; $errors | ForEach-Object {{ $_.ToString() }}; exit $errors.Count");

        Assert.True(code == 0, output);
    }

    [RealPeerFact("pwsh")]
    public async Task WhatIf_PublishedFolder_PlansEveryStepAndChangesNothing()
    {
        var source = Directory.CreateDirectory(_dir.Combine("published")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "recace.exe"), "");
        var install = _dir.Combine("Program Files", "RecAce");
        var data = _dir.Combine("ProgramData", "RecAce");

        var (code, output) = await RunAsync("-Source", source, "-InstallDirectory", install, "-DataDirectory", data, "-OpenSipPort", "-WhatIf");

        Assert.True(code == 0, output);
        Assert.Contains($"Copy the program from {source}", output, StringComparison.Ordinal);
        Assert.Contains(@"readable only by SYSTEM, Administrators and NT SERVICE\RecAce", output, StringComparison.Ordinal);
        Assert.Contains($"\"{Path.Combine(install, "recace.exe")}\" serve, automatic (delayed) start", output, StringComparison.Ordinal);
        Assert.Contains($"RECACE_CONFIG={Path.Combine(data, "appsettings.json")}", output, StringComparison.Ordinal);
        Assert.Contains("restart after failures", output, StringComparison.Ordinal);
        Assert.Contains("SIP port 5060", output, StringComparison.Ordinal);
        Assert.Contains("wait up to 60 s for /healthz", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(install));
        Assert.False(Directory.Exists(data));
    }

    [RealPeerFact("pwsh")]
    public async Task Run_NotAPublishedFolder_RefusedWithTheFix()
    {
        var (code, output) = await RunAsync("-Source", _dir.Combine("nothing-here"), "-InstallDirectory", _dir.Combine("i"), "-DataDirectory", _dir.Combine("d"), "-WhatIf");

        Assert.Equal(2, code);
        Assert.Contains("no recace.exe", output, StringComparison.Ordinal);
        Assert.Contains("publish.sh win-x64", output, StringComparison.Ordinal);
    }

    [RealPeerFact("pwsh")]
    public async Task Run_HostileServiceNameOrUrl_Refused()
    {
        var source = Directory.CreateDirectory(_dir.Combine("published")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "recace.exe"), "");

        var badName = await RunAsync("-Source", source, "-InstallDirectory", _dir.Combine("i"), "-DataDirectory", _dir.Combine("d"), "-ServiceName", "RecAce & calc", "-WhatIf");
        var badUrl = await RunAsync("-Source", source, "-InstallDirectory", _dir.Combine("i"), "-DataDirectory", _dir.Combine("d"), "-Urls", "ftp://x", "-WhatIf");

        Assert.Equal(2, badName.Code);
        Assert.Contains("is not a plain name", badName.Output, StringComparison.Ordinal);
        Assert.Equal(2, badUrl.Code);
        Assert.Contains("-Urls must start with http", badUrl.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
