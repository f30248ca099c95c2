using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>Runs the real sipp with a scenario against 127.0.0.1, bounded in calls and time.</summary>
internal sealed partial class SippProcess : IDisposable
{
    private readonly Process _process;

    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private SippProcess(Process process, string messageFile)
    {
        _process = process;
        MessageFile = messageFile;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string MessageFile { get; }

    /// <param name="transport"><c>u1</c> (UDP) or <c>t1</c> (TCP).</param>
    public static SippProcess Start(string folder, string scenarioXml, int sipPort, string transport, int mediaPort, int localPort, params string[] extra)
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
            "-mp", mediaPort.ToString(CultureInfo.InvariantCulture), "-p", localPort.ToString(CultureInfo.InvariantCulture),
            "-m", "1", "-l", "1", "-r", "1", "-timeout", "90s", "-timeout_error",
            "-trace_msg", "-message_file", messages, "-nostdin", .. extra])
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("sipp did not start");
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

    /// <summary>The SDP answer of the first 200 OK sipp logged (from <c>v=0</c> to the end of that message).</summary>
    public async Task<string> AnswerSdpAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await LogAsync() is { } text && text.IndexOf("SIP/2.0 200 OK", StringComparison.Ordinal) is var ok and >= 0
                && text.IndexOf("v=0", ok, StringComparison.Ordinal) is var start and >= 0)
            {
                var end = text.IndexOf("\n----------", start, StringComparison.Ordinal);
                return (end < 0 ? text[start..] : text[start..end]).Trim().ReplaceLineEndings("\r\n") + "\r\n";
            }

            await Task.Delay(5);
        }

        throw new TimeoutException("sipp got no 200 OK with SDP");
    }

    /// <summary>Waits until sipp has logged <paramref name="text"/> (a message it sent or received).</summary>
    public async Task WaitForLoggedAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (await LogAsync() is not { } log || !log.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"sipp did not log '{text}'\n{Messages}");
            await Task.Delay(10);
        }
    }

    private async Task<string?> LogAsync()
    {
        if (!File.Exists(MessageFile)) return null;
        using var stream = new FileStream(MessageFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>
    /// The call's length as sipp saw it, by its message log's timestamps: from the 200 OK (the
    /// recorder opens the recording just before sending it) to sending the BYE.
    /// </summary>
    public TimeSpan CallLength()
    {
        DateTime? invite = null, bye = null;
        foreach (Match m in LoggedMessage().Matches(File.ReadAllText(MessageFile)))
        {
            var at = DateTime.ParseExact(m.Groups[1].Value, "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            var startLine = m.Groups[2].Value;
            if (startLine.StartsWith("SIP/2.0 200", StringComparison.Ordinal)) invite ??= at;
            if (startLine.StartsWith("BYE ", StringComparison.Ordinal)) bye ??= at;
        }

        return invite is { } i && bye is { } b ? b - i : throw new InvalidOperationException("sipp's log has no 200 OK and BYE");
    }

    public async Task<int> WaitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public string Messages =>
        (File.Exists(MessageFile) ? File.ReadAllText(MessageFile) : "(no sipp message log)")
        + (_process.HasExited ? $"\nsipp stderr: {_stderr.Result}\nsipp stdout tail: {string.Concat(_stdout.Result.TakeLast(1500))}" : string.Empty);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [GeneratedRegex(@"-{10,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6})\r?\n[^\n]*message (?:sent|received)[^\n]*\r?\n\s*\r?\n([^\r\n]+)")]
    private static partial Regex LoggedMessage();

    [GeneratedRegex(@"m=audio (\d+) ")]
    private static partial Regex MediaLine();
}
