using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using RecAce.Plugin.Sip.Tests.Fakes;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests;

/// <summary>The TLS listener on real loopback sockets, a certificate made by the test, the test's own SslStream client.</summary>
public sealed partial class TlsTransportTests : IAsyncLifetime
{
    private const string Password = "pfx-Secret-7731";
    private readonly SipAdapter _adapter = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("recace-sip-tls-").FullName;
    private readonly X509Certificate2 _certificate = MakeCertificate();
    private TestAdapterContext _context = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        _certificate.Dispose();
        Directory.Delete(_folder, true);
    }

    [Fact]
    public async Task Tls_SiprecInviteRtpThenBye_AnsweredOverTlsRecordedClosedNormalPasswordNeverLogged()
    {
        var pfx = Path.Combine(_folder, "recorder.pfx");
        await File.WriteAllBytesAsync(pfx, _certificate.Export(X509ContentType.Pkcs12, Password));
        await StartAsync(new() { ["Tls:Certificate"] = pfx, ["Tls:Password"] = Password });
        using var tls = await ConnectAsync();

        var invite = SipTestMessages.SiprecInvite("tls@src").Replace("SIP/2.0/UDP", "SIP/2.0/TLS", StringComparison.Ordinal);
        await tls.WriteAsync(Encoding.UTF8.GetBytes(invite));
        var ok = await ReadUntilAsync(tls, "SIP/2.0 200 OK", "m=audio", "a=label:2");
        Assert.Contains("SIP/2.0/TLS 127.0.0.1:5070", ok, StringComparison.Ordinal);
        Assert.Contains($"<sip:recace@127.0.0.1:{_adapter.TlsEndPoint!.Port};transport=tls>", ok, StringComparison.Ordinal);
        var toTag = ToTag().Match(ok).Groups[1].Value;
        var ports = AnswerPort().Matches(ok).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, ports.Length);
        await tls.WriteAsync(Encoding.UTF8.GetBytes(Tls(SipTestMessages.Simple("ACK", "tls@src", cseq: 1, toTag: toTag))));

        using (var rtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            for (var i = 0; i < 20; i++)
            {
                foreach (var port in ports)
                    await rtp.SendAsync(SipTestPeer.Rtp(0, (ushort)i, (uint)(i * 160), 0x77, new byte[160]), new IPEndPoint(IPAddress.Loopback, port));
            }
        }

        var call = Assert.Single(_context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.FramesOf("label-1").Count == 20 && call.FramesOf("label-2").Count == 20),
            $"{call.FramesOf("label-1").Count}/{call.FramesOf("label-2").Count}");
        await tls.WriteAsync(Encoding.UTF8.GetBytes(Tls(SipTestMessages.Simple("BYE", "tls@src", cseq: 3, toTag: toTag))));
        Assert.Contains("CSeq: 3 BYE", await ReadUntilAsync(tls, "CSeq: 3 BYE"), StringComparison.Ordinal);
        Assert.True(await Eventually.TrueAsync(() => call.EndReason == CallEndReason.Normal));
        Assert.Contains(_context.Logs.Lines, l => l.Contains("TLS on", StringComparison.Ordinal));
        Assert.DoesNotContain(_context.Logs.Lines, l => l.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tls_PlainTextAndStalledHandshakes_ClosedLoggedOnceListenerKeepsServing()
    {
        // PEM certificate and separate PEM key this time.
        var certificate = Path.Combine(_folder, "recorder.crt");
        var key = Path.Combine(_folder, "recorder.key");
        await File.WriteAllTextAsync(certificate, _certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(key, _certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await StartAsync(new() { ["Tls:Certificate"] = certificate, ["Tls:Key"] = key });

        for (var i = 0; i < 3; i++)
        {
            // Plain SIP on the TLS port: not a ClientHello; the connection is closed.
            using var plain = new TcpClient();
            await plain.ConnectAsync(_adapter.TlsEndPoint!);
            var stream = plain.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(SipTestMessages.Simple("OPTIONS", $"plain-{i}@src", cseq: 1)));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var buffer = new byte[1024];
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cts.Token);
            }
            catch (IOException)
            {
                read = 0;
            }

            Assert.False(Encoding.Latin1.GetString(buffer, 0, read).Contains("SIP/2.0 200", StringComparison.Ordinal), "plain text was answered on the TLS port");
        }

        // A client that connects and says nothing holds no handshake forever; meanwhile others are served.
        using var silent = new TcpClient();
        await silent.ConnectAsync(_adapter.TlsEndPoint!);
        using var tls = await ConnectAsync();
        await tls.WriteAsync(Encoding.UTF8.GetBytes(Tls(SipTestMessages.Simple("OPTIONS", "keepalive@src", cseq: 1))));
        Assert.Contains("SIP/2.0 200 OK", await ReadUntilAsync(tls, "CSeq: 1 OPTIONS"), StringComparison.Ordinal);

        var failures = _context.Logs.Lines.Count(l => l.Contains("TLS handshake from", StringComparison.Ordinal));
        Assert.True(failures == 1, $"{failures} handshake failure lines:\n{string.Join('\n', _context.Logs.Lines)}");
        Assert.Empty(_context.Faults);
    }

    [Fact]
    public async Task Tls_WrongPfxPassword_AdapterUnhealthyWithReasonPasswordNotLogged()
    {
        var pfx = Path.Combine(_folder, "recorder.pfx");
        await File.WriteAllBytesAsync(pfx, _certificate.Export(X509ContentType.Pkcs12, Password));
        const string wrong = "not-the-Password-991";
        await StartAsync(new() { ["Tls:Certificate"] = pfx, ["Tls:Password"] = wrong }, expectListening: false);

        var health = await _adapter.CheckHealthAsync(CancellationToken.None);
        Assert.Equal(AdapterHealthStatus.Unhealthy, health.Status);
        Assert.Contains("recorder.pfx", health.Description!, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, health.Description!, StringComparison.Ordinal);
        Assert.DoesNotContain(_context.Logs.Lines, l => l.Contains(wrong, StringComparison.Ordinal));
    }

    private async Task StartAsync(Dictionary<string, string?> tls, bool expectListening = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Listen"] = "127.0.0.1",
            ["Port"] = "0",
            ["Tls:Port"] = "0",
            ["RtpPortMin"] = "41400",
            ["RtpPortMax"] = "41499",
        };
        foreach (var (k, v) in tls) settings[k] = v;
        _context = new TestAdapterContext(settings);
        await _adapter.StartAsync(_context, CancellationToken.None);
        if (expectListening) Assert.NotNull(_adapter.TlsEndPoint);
    }

    /// <summary>A TLS client that trusts exactly the test's certificate.</summary>
    private async Task<SslStream> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(_adapter.TlsEndPoint!);
        var expected = _certificate.Thumbprint;
        var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false,
            (_, certificate, _, _) => certificate is not null && string.Equals(certificate.GetCertHashString(), expected, StringComparison.OrdinalIgnoreCase));
        await tls.AuthenticateAsClientAsync("recace.test");
        return tls;
    }

    private static async Task<string> ReadUntilAsync(SslStream tls, params string[] markers)
    {
        var text = new StringBuilder();
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!markers.All(m => text.ToString().Contains(m, StringComparison.Ordinal)))
        {
            var n = await tls.ReadAsync(buffer, cts.Token);
            Assert.True(n > 0, "the recorder closed the TLS connection\n" + text);
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return text.ToString();
    }

    private static string Tls(string message) => message.Replace("SIP/2.0/UDP", "SIP/2.0/TLS", StringComparison.Ordinal);

    private static X509Certificate2 MakeCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=recace.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("recace.test");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    [GeneratedRegex(@"\r\n(?:To|t): [^\r\n]*;tag=([^;\r\n]+)")]
    private static partial Regex ToTag();

    [GeneratedRegex(@"m=audio (\d+) ")]
    private static partial Regex AnswerPort();
}
