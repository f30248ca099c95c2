using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RecAce.Web.Tests.EndToEnd;

namespace RecAce.Web.Tests.Ldap;

/// <summary>
/// A real OpenLDAP slapd, started as a child process with a config written to a temp folder and
/// listening on a free 127.0.0.1 port, seeded with ldapadd.
/// </summary>
internal sealed class SlapdServer : IAsyncDisposable
{
    public const string SlapdPath = "/usr/sbin/slapd";
    public const string Suffix = "dc=city,dc=example";
    public const string RootDn = "cn=admin," + Suffix;
    public const string RootPassword = "slapd-root-secret";
    private readonly TempDirectory _dir = new("recace-slapd");
    private Process? _process;

    public static bool Available => File.Exists(SlapdPath) && File.Exists("/usr/bin/ldapadd");

    public int Port { get; private set; }

    public static async Task<SlapdServer> StartAsync(string seedLdif)
    {
        var server = new SlapdServer();
        await server.StartCoreAsync(seedLdif);
        return server;
    }

    private async Task StartCoreAsync(string seedLdif)
    {
        Port = FreePort();
        Directory.CreateDirectory(_dir.Combine("db"));
        var config = _dir.Combine("slapd.conf");
        await File.WriteAllTextAsync(config, $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            modulepath /usr/lib/ldap
            moduleload back_mdb
            pidfile {_dir.Combine("slapd.pid")}
            database mdb
            maxsize 10485760
            suffix "{Suffix}"
            rootdn "{RootDn}"
            rootpw {RootPassword}
            directory {_dir.Combine("db")}
            """);
        var psi = new ProcessStartInfo(SlapdPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // -d keeps slapd in the foreground as our child, so disposing the test ends it.
        foreach (var a in new[] { "-f", config, "-h", $"ldap://127.0.0.1:{Port}/", "-d", "0" }) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForPortAsync();
        var ldif = _dir.Combine("seed.ldif");
        await File.WriteAllTextAsync(ldif, seedLdif);
        await MediaTools.RunAsync("ldapadd", "-x", "-H", $"ldap://127.0.0.1:{Port}/", "-D", RootDn, "-w", RootPassword, "-f", ldif);
    }

    private async Task WaitForPortAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"slapd exited with {_process.ExitCode}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("slapd did not listen within 20 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _dir.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
