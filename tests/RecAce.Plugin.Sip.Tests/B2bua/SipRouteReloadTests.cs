using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using RecAce.Plugin.Sip.B2bua;
using RecAce.Plugin.Sip.Tests.Fakes;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests.B2bua;

/// <summary>
/// Routes saved in the host's admin arrive as <c>AdminRoutes</c> and are tried before the
/// configuration's <c>Routes</c>; a change of the configuration (its reload token) puts new routes
/// in force without a restart, and an invalid change leaves the old ones and says why.
/// </summary>
public sealed class SipRouteReloadTests : IAsyncDisposable
{
    private readonly SipAdapter _adapter = new();
    private readonly ReloadableConfiguration _configuration = new(new Dictionary<string, string?>
    {
        ["Listen"] = "127.0.0.1",
        ["Port"] = "0",
        ["Tcp"] = "false",
        ["RtpPortMin"] = "47900",
        ["RtpPortMax"] = "47911",
        ["Routes:0:Match"] = "^9$",
        ["Routes:0:Action"] = "reject",
    });

    [Fact]
    public void ReadAll_AdminRoutesAndRoutes_AdminRoutesFirst()
    {
        _configuration.Set("AdminRoutes:0:Match", "^1$");
        _configuration.Set("AdminRoutes:0:Action", "connect");
        _configuration.Set("AdminRoutes:0:Target", "sip:{number}@192.0.2.20:5070");
        _configuration.Set("AdminRoutes:0:BeepIntervalSeconds", "15");

        var routes = SipRoute.ReadAll(_configuration);

        Assert.Equal(["^1$", "^9$"], routes.Select(r => r.Match.ToString()));
        Assert.Equal(15, routes[0].BeepIntervalSeconds);
        Assert.Equal(RouteAction.Reject, routes[1].Action);
    }

    [Fact]
    public async Task Reload_RoutesAddedThenInvalid_NewRoutesInForceThenOldKeptAndDegraded()
    {
        await _adapter.StartAsync(new TestAdapterContext(new Dictionary<string, string?>()) { Configuration = _configuration }, CancellationToken.None);
        Assert.Equal(["^9$"], _adapter.Routes!.Select(r => r.Match.ToString()));

        _configuration.Set("AdminRoutes:0:Match", "^0120$");
        _configuration.Set("AdminRoutes:0:Action", "connect");
        _configuration.Set("AdminRoutes:0:Target", "sip:200@192.0.2.20");
        _configuration.Reload();
        Assert.True(await Eventually.TrueAsync(() => _adapter.Routes!.Count == 2), string.Join(", ", _adapter.Routes!.Select(r => r.Match)));
        Assert.Equal("^0120$", _adapter.Routes![0].Match.ToString());
        Assert.Equal(AdapterHealthStatus.Healthy, (await _adapter.CheckHealthAsync(CancellationToken.None)).Status);

        _configuration.Set("AdminRoutes:0:Target", "http://not-sip");
        _configuration.Reload();
        Assert.True(await Eventually.TrueAsync(() => _adapter.CheckHealthAsync(CancellationToken.None).AsTask().Result.Status == AdapterHealthStatus.Degraded));
        var health = await _adapter.CheckHealthAsync(CancellationToken.None);
        Assert.Contains("AdminRoutes:0:Target", health.Description, StringComparison.Ordinal);
        Assert.Equal(["^0120$", "^9$"], _adapter.Routes!.Select(r => r.Match.ToString()));

        _configuration.Set("AdminRoutes:0:Target", "sip:201@192.0.2.20");
        _configuration.Reload();
        Assert.True(await Eventually.TrueAsync(() => _adapter.CheckHealthAsync(CancellationToken.None).AsTask().Result.Status == AdapterHealthStatus.Healthy));
        Assert.Equal("sip:201@192.0.2.20", _adapter.Routes![0].Target);
    }

    public async ValueTask DisposeAsync()
    {
        await _adapter.StopAsync(CancellationToken.None);
        await _adapter.DisposeAsync();
    }

    /// <summary>A configuration whose reload token fires on <see cref="Reload"/>, as the host's does when the admin saves routes.</summary>
    private sealed class ReloadableConfiguration(IDictionary<string, string?> values) : IConfiguration
    {
        private readonly Dictionary<string, string?> _values = new(values, StringComparer.OrdinalIgnoreCase);
        private CancellationTokenSource _reload = new();

        public string? this[string key]
        {
            get { lock (_values) return _values.GetValueOrDefault(key); }
            set => Set(key, value);
        }

        public void Set(string key, string? value)
        {
            lock (_values) _values[key] = value;
        }

        public void Reload()
        {
            var previous = Interlocked.Exchange(ref _reload, new CancellationTokenSource());
            previous.Cancel();
            previous.Dispose();
        }

        public IChangeToken GetReloadToken() => new CancellationChangeToken(_reload.Token);

        public IEnumerable<IConfigurationSection> GetChildren() => [];

        public IConfigurationSection GetSection(string key) => throw new NotSupportedException();
    }
}
