using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Web.Auth;

namespace RecAce.Web.Tests;

/// <summary>The real host in process, on a temp data folder, with no plugins.</summary>
public sealed class RecAceFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new("recace-web");

    public string DataDirectory => _data.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("RecAce:DataDirectory", _data.Path);
        builder.UseSetting("RecAce:PluginsDirectory", _data.Combine("no-plugins"));
        builder.UseEnvironment("Development");
    }

    public async Task<string> CreateTokenAsync(string role = Roles.Admin)
    {
        _ = Server; // start the host so migrations have run
        return await Services.GetRequiredService<ApiTokenStore>().CreateAsync("test", role, null, "test", CancellationToken.None);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _data.Dispose();
    }
}
