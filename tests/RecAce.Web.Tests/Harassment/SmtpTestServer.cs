using System.Diagnostics;
using System.Net.Sockets;

namespace RecAce.Web.Tests.Harassment;

/// <summary>
/// A real SMTP server: Debian's aiosmtpd (python3-aiosmtpd) on a free 127.0.0.1 port, storing each
/// message it accepts in a Maildir the test reads.
/// </summary>
internal sealed class SmtpTestServer : IDisposable
{
    /// <summary>Debian's interpreter, where python3-aiosmtpd is installed (a pyenv python on PATH would not see it).</summary>
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly TempDirectory _maildir = new("recace-smtp");

    private SmtpTestServer(int port, Process process)
    {
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public static string? MissingReason() =>
        !File.Exists(Python) ? "no /usr/bin/python3"
        : !Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd") ? "python3-aiosmtpd is not installed (scripts/test-packages.txt)"
        : null;

    public static async Task<SmtpTestServer> StartAsync()
    {
        var port = FreePort();
        var server = new SmtpTestServer(port, new Process());
        Directory.CreateDirectory(server._maildir.Path);
        var psi = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", server.MailDir }) psi.ArgumentList.Add(a);
        server._process.StartInfo = psi;
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        server.Dispose();
        throw new InvalidOperationException("aiosmtpd did not start listening within 15 s");
    }

    public string MailDir => Path.Combine(_maildir.Path, "mail");

    /// <summary>Waits for the first message to arrive and returns its raw bytes.</summary>
    public async Task<byte[]> WaitForMessageAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var file = Directory.Exists(Path.Combine(MailDir, "new")) ? Directory.GetFiles(Path.Combine(MailDir, "new")).FirstOrDefault() : null;
            if (file is not null) return await File.ReadAllBytesAsync(file);
            await Task.Delay(100);
        }

        throw new TimeoutException($"No message arrived within {timeout}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
        _maildir.Dispose();
    }
}
