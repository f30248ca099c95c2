using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>Runs the real sipp with a scenario against 127.0.0.1, bounded in calls and time.</summary>
internal sealed partial class SippProcess : IDisposable
{
    private readonly Process _process;

    private SippProcess(Process process, string messageFile)
    {
        _process = process;
        MessageFile = messageFile;
    }

    public string MessageFile { get; }

    /// <param name="transport"><c>u1</c> (UDP) or <c>t1</c> (TCP).</param>
    public static SippProcess Start(string folder, string scenarioXml, int sipPort, string transport, int mediaPort, params string[] extra)
    {
        var scenario = Path.Combine(folder, $"scenario-{Guid.NewGuid():N}.xml");
        File.WriteAllText(scenario, scenarioXml);
        var messages = Path.Combine(folder, $"sipp-{Guid.NewGuid():N}-messages.log");
        var psi = new ProcessStartInfo("sipp")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[
            $"127.0.0.1:{sipPort}", "-sf", scenario, "-t", transport, "-i", "127.0.0.1", "-mi", "127.0.0.1",
            "-mp", mediaPort.ToString(CultureInfo.InvariantCulture), "-p", "0",
            "-m", "1", "-l", "1", "-r", "1", "-timeout", "90s", "-timeout_error",
            "-trace_msg", "-message_file", messages, "-nostdin", .. extra])
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("sipp did not start");
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        return new SippProcess(process, messages);
    }

    /// <summary>The RTP ports of the recorder's SDP answer, read from sipp's message log once the 200 OK is in it.</summary>
    public async Task<int[]> AnswerPortsAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(MessageFile))
            {
                string text;
                using (var stream = new FileStream(MessageFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                using (var reader = new StreamReader(stream))
                    text = await reader.ReadToEndAsync();
                var ok = text.IndexOf("SIP/2.0 200 OK", StringComparison.Ordinal);
                if (ok >= 0)
                {
                    var ports = MediaLine().Matches(text[ok..]).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Take(2).ToArray();
                    if (ports.Length == 2) return ports;
                }
            }

            await Task.Delay(5);
        }

        throw new TimeoutException("sipp got no 200 OK with two m-lines");
    }

    public async Task<int> WaitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public string Messages => File.Exists(MessageFile) ? File.ReadAllText(MessageFile) : "(no sipp message log)";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [GeneratedRegex(@"m=audio (\d+) ")]
    private static partial Regex MediaLine();
}
