using System.Diagnostics;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>Finds real peer programs on PATH and runs long-lived ones (tcpdump, sipp) as processes the test owns.</summary>
internal static class ExternalTools
{
    public static bool Exists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, name)));

    public static string? Missing(params string[] names) =>
        names.FirstOrDefault(n => !Exists(n)) is { } missing ? $"{missing} is not installed (scripts/test-packages.txt lists it)" : null;

    public static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";

    public static Process Start(string exe, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException($"{exe} did not start");
    }

    /// <summary>Sends SIGINT (tcpdump then flushes and closes its file) and waits, killing after the timeout.</summary>
    public static async Task InterruptAsync(Process process, TimeSpan timeout)
    {
        if (process.HasExited) return;
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Runs a short command to the end with a timeout; returns exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string exe, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var (code, stdout, stderr) = await RunToEndAsync(exe, workingDirectory, timeout, args);
        return (code, stdout + stderr);
    }

    /// <summary>Runs a command that must succeed; returns its standard output, or throws with its stderr.</summary>
    public static async Task<string> RunCheckedAsync(string exe, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var (code, stdout, stderr) = await RunToEndAsync(exe, workingDirectory, timeout, args);
        if (code != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} exited {code}:\n{stdout}{stderr}");
        return stdout;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunToEndAsync(string exe, string workingDirectory, TimeSpan timeout, string[] args)
    {
        using var p = Start(exe, workingDirectory, args);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        return (p.ExitCode, await stdout, await stderr);
    }
}

/// <summary>A fact that needs real peer programs; skipped with the reason when one is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealPeerFactAttribute : FactAttribute
{
    public RealPeerFactAttribute(params string[] tools)
    {
        if (ExternalTools.Missing(tools) is { } reason) Skip = reason;
    }

    /// <summary>Also needs root (network namespaces, raw capture).</summary>
    public bool NeedsRoot
    {
        get => false;
        init
        {
            if (value && Skip is null && !ExternalTools.IsRoot) Skip = "needs root to create network namespaces";
        }
    }
}
