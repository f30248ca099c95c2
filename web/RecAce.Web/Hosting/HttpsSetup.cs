namespace RecAce.Web.Hosting;

/// <summary>
/// HTTPS with a configured certificate, and HSTS, when <c>RecAce:Https:CertificatePath</c> is set:
/// <c>RecAce:Https:Url</c> (default https://0.0.0.0:5443), <c>RecAce:Https:CertificatePath</c> (PFX or PEM),
/// <c>RecAce:Https:CertificatePassword</c> (PFX) or <c>RecAce:Https:KeyPath</c> (PEM key).
/// Plain HTTP then only redirects to HTTPS.
/// </summary>
internal static class HttpsSetup
{
    public static bool Enabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["RecAce:Https:CertificatePath"]);

    public static void Configure(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (!Enabled(config)) return;
        var httpsUrl = config["RecAce:Https:Url"] ?? "https://0.0.0.0:5443";
        // Kestrel's own endpoint configuration carries the certificate; it replaces the plain Urls list.
        config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = (config["Urls"] ?? "http://127.0.0.1:5080").Split(';')[0],
            ["Kestrel:Endpoints:Https:Url"] = httpsUrl,
            ["Kestrel:Endpoints:Https:Certificate:Path"] = config["RecAce:Https:CertificatePath"],
            ["Kestrel:Endpoints:Https:Certificate:Password"] = config["RecAce:Https:CertificatePassword"],
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = config["RecAce:Https:KeyPath"],
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            // A city hall server is often reached by address or an internal name: send the header there too.
            o.ExcludedHosts.Clear();
        });
        builder.Services.AddHttpsRedirection(o => o.HttpsPort = new Uri(httpsUrl.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port);
    }

    public static void Use(WebApplication app)
    {
        if (!Enabled(app.Configuration)) return;
        app.UseHsts();
        app.UseHttpsRedirection();
    }
}
