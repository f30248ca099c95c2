using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RecAce.Web.Tests.Admin;

/// <summary>HTTPS with a configured certificate: served over TLS with HSTS, plain HTTP redirected.</summary>
[Trait("Category", "Integration")]
public sealed class HttpsTests : IDisposable
{
    private readonly TempDirectory _certs = new("recace-cert");

    [Fact]
    public async Task Https_CertificateConfigured_ServesTlsWithHstsAndRedirectsHttp()
    {
        var pfx = _certs.Combine("server.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=recace.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllBytesAsync(pfx, cert.Export(X509ContentType.Pfx, "pfx-pass"));
        }

        var httpsPort = FreePort();
        using var factory = RecAceFactory.With(new Dictionary<string, string>
        {
            ["RecAce:Https:CertificatePath"] = pfx,
            ["RecAce:Https:CertificatePassword"] = "pfx-pass",
            ["RecAce:Https:Url"] = $"https://127.0.0.1:{httpsPort}",
        }, kestrel: true);
        factory.StartServer();

        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true, AllowAutoRedirect = false };
        using var client = new HttpClient(handler);
        var secure = await client.GetAsync($"https://127.0.0.1:{httpsPort}/Login");
        var plain = await client.GetAsync(new Uri(factory.KestrelAddress, "/Login"));

        Assert.Equal(HttpStatusCode.Redirect, secure.StatusCode); // to the first-run page: no user yet
        Assert.StartsWith("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal($"https://127.0.0.1:{httpsPort}/Login", plain.Headers.Location?.ToString());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    public void Dispose() => _certs.Dispose();

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
