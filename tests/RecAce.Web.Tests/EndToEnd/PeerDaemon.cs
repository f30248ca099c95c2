using System.Diagnostics;
using System.Text;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// A long-lived real server process (rtpengine, kamailio, s3rver) in the foreground, its output kept
/// (and read, so a chatty daemon never blocks on a full pipe); killed with its children when the test is done.
/// </summary>
internal sealed class PeerDaemon : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private PeerDaemon(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_lock)
                return _output.ToString();
        }
    }

    public static PeerDaemon Start(string exe, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new PeerDaemon(Process.Start(psi) ?? throw new InvalidOperationException($"{exe} did not start"));
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output when the daemon exits or time runs out.</summary>
    public async Task WaitForAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{text}' not seen (exited: {_process.HasExited})\n{Tail}");
            await Task.Delay(50);
        }
    }

    public string Tail => Output.Length > 4000 ? Output[^4000..] : Output;

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_lock)
            _output.AppendLine(line);
    }
}
