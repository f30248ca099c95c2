using System.Diagnostics;

namespace RecAce.Bench;

/// <summary>
/// The media benchmarks stand in for the host, so they run with the host's garbage collector
/// settings (web/RecAce.Web: workstation, concurrent), not this program's (non-concurrent, chosen
/// for the single-thread intake figure): a blocking gen2 collection would stop every receive
/// thread and count against the relay's latency although the host never makes one.
/// </summary>
internal static class HostGcSettings
{
    private const string Variable = "DOTNET_gcConcurrent";

    /// <summary>Null when this process already runs with them; otherwise runs this program again with them and returns its exit code.</summary>
    public static async Task<int?> EnsureAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable(Variable) == "1") return null;
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(HostGcSettings).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment[Variable] = "1";
        using var child = Process.Start(psi)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
