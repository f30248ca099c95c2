using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>The .deb as an operator installs it: built, installed with dpkg, run as its service user, answering /healthz.</summary>
[Trait("Category", "Package")]
[Collection(HeavyBuildCollection.Name)]
// Run once, in the SQLite pass: it installs the .deb, whose service always runs on SQLite.
[Trait("Database", "Independent")]
public sealed class DebianPackageTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-deb");

    [RootFact]
    public async Task Deb_BuiltAndInstalled_StartsAsServiceUserAndAnswersHealthz()
    {
        var deb = (await RunAsync("bash", Path.Combine(RepoPaths.Root, "packaging", "deb", "build-deb.sh"), _temp.Path)).Trim().Split('\n')[^1];
        Assert.True(File.Exists(deb), deb);
        try
        {
            await RunAsync("dpkg", "-i", deb);
            Assert.Contains("recace", await RunAsync("getent", "passwd", "recace"), StringComparison.Ordinal);
            Assert.True(File.Exists("/lib/systemd/system/recace.service"));
            Assert.True(File.Exists("/etc/recace/appsettings.json"));

            // Without systemd here, start it the way the unit does: as the recace user, config from /etc/recace.
            var port = 15000 + Random.Shared.Next(2000);
            var psi = new ProcessStartInfo("runuser") { WorkingDirectory = "/var/lib/recace", UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-u", "recace", "--", "/opt/recace/recace", "serve" }) psi.ArgumentList.Add(a);
            psi.Environment["RECACE_CONFIG"] = "/etc/recace/appsettings.json";
            psi.Environment["Urls"] = $"http://127.0.0.1:{port}";
            using var server = Process.Start(psi)!;
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                JsonElement? health = null;
                for (var i = 0; i < 150 && health is null; i++)
                {
                    try
                    {
                        health = await client.GetFromJsonAsync<JsonElement>("/healthz");
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(200);
                    }
                }

                Assert.NotNull(health);
                Assert.Equal("Healthy", health.Value.GetProperty("parts").GetProperty("database").GetProperty("status").GetString());
                Assert.Equal("recace", await OwnerOfChildAsync(server.Id));
                Assert.True(File.Exists("/var/lib/recace/recace.db"), "the database is created in /var/lib/recace");
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
        finally
        {
            await RunAsync("dpkg", "--purge", "recace");
        }
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>runuser itself runs as root; the server is its child, and must run as recace.</summary>
    private static async Task<string> OwnerOfChildAsync(int parent)
    {
        var children = (await RunAsync("ps", "-o", "user=,comm=", "--ppid", parent.ToString(System.Globalization.CultureInfo.InvariantCulture))).Trim();
        return children.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(' ')[0]).FirstOrDefault() ?? "";
    }

    private static Task<string> RunAsync(string exe, params string[] args) =>
        ExternalTools.RunCheckedAsync(exe, Directory.GetCurrentDirectory(), TimeSpan.FromMinutes(15), args);
}
