using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Web.Auth;

namespace RecAce.Web.Tests;

/// <summary>The real host in process, on a temp data folder, with no plugins.</summary>
public sealed class RecAceFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new("recace-web");
    private readonly Lazy<RecAce.Tests.TestDatabase> _database;
    private readonly int? _kestrelPort;
    private readonly IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();

    public RecAceFactory()
    {
        _database = new(NewDatabase);
    }

    private RecAceFactory(IReadOnlyDictionary<string, string> settings, bool kestrel)
    {
        _settings = settings;
        _database = new(NewDatabase);
        if (!kestrel) return;
        _kestrelPort = FreePort();
        UseKestrel();
    }

    /// <summary>With extra configuration (e.g. <c>RecAce:Ldap:*</c>), and optionally a real Kestrel server on a free 127.0.0.1 port (for a browser).</summary>
    public static RecAceFactory With(IReadOnlyDictionary<string, string>? settings = null, bool kestrel = false) =>
        new(settings ?? new Dictionary<string, string>(), kestrel);

    /// <summary>The Kestrel address; only with the Kestrel constructor.</summary>
    public Uri KestrelAddress => new($"http://127.0.0.1:{_kestrelPort}");

    public string DataDirectory => _data.Path;

    /// <summary>The configuration naming this host's database (empty on SQLite, where the data folder says it).</summary>
    public IReadOnlyDictionary<string, string> DatabaseSettings => _database.Value.Settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("RecAce:DataDirectory", _data.Path);
        builder.UseSetting("RecAce:PluginsDirectory", _data.Combine("no-plugins"));
        builder.UseEnvironment("Development");
        // SQLite in the data folder, or a fresh PostgreSQL database in the PostgreSQL run.
        foreach (var (key, value) in _database.Value.Settings) builder.UseSetting(key, value);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_kestrelPort is { } port) builder.UseSetting("Urls", $"http://127.0.0.1:{port}");
    }

    public async Task<string> CreateTokenAsync(string role = Roles.Admin)
    {
        _ = Server; // start the host so migrations have run
        return await Services.GetRequiredService<ApiTokenStore>().CreateAsync("test", role, null, "test", CancellationToken.None);
    }

    // A test naming its own data folder may run verbs or hosts as processes on it too: they share the
    // folder's database, which lives as long as the test process.
    private bool SharesDataDirectory => _settings.ContainsKey("RecAce:DataDirectory");

    private RecAce.Tests.TestDatabase NewDatabase() => SharesDataDirectory
        ? RecAce.Tests.TestDatabase.ForDataDirectory(_settings["RecAce:DataDirectory"])
        : RecAce.Tests.TestDatabase.Create(_data.Path, migrated: true);

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        if (_database.IsValueCreated && !SharesDataDirectory) _database.Value.Dispose();
        _data.Dispose();
    }
}
