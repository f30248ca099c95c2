using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Web.Auth;

namespace RecAce.Web.Tests.Admin;

/// <summary>
/// Every page and endpoint the app maps × every role × signed out, against one table. A new
/// endpoint that is not in the table fails here: decide who may reach it, then add it.
/// </summary>
public sealed class AuthorizationMatrixTests : IDisposable
{
    /// <summary>Who may reach what. Pages are keyed "PAGE /Path", endpoints "METHOD /route".</summary>
    private static readonly Dictionary<string, Access> Expected = new(StringComparer.Ordinal)
    {
        ["GET /healthz"] = Access.Anonymous,
        ["STATIC ASSETS"] = Access.Anonymous,
        ["GET /api/v1/calls"] = Access.AnyRole,
        ["GET /api/v1/calls/{id:guid}"] = Access.AnyRole,
        ["GET /api/v1/calls/{id:guid}/audio"] = Access.AnyRole,
        ["GET /api/v1/calls/{id:guid}/waveform.png"] = Access.AnyRole,
        ["GET /api/v1/calls/{id:guid}/transcript"] = Access.AnyRole,
        ["GET /api/v1/calls/{id:guid}/evidence"] = Access.Oversight,
        ["GET /api/v1/incidents"] = Access.Oversight,
        ["GET /api/v1/incidents/{id:guid}"] = Access.Oversight,
        ["POST /api/v1/calls/{id:guid}/disclosure"] = Access.Oversight,
        ["PAGE /Login"] = Access.Anonymous,
        ["PAGE /Setup"] = Access.Anonymous,
        ["PAGE /Culture"] = Access.Anonymous,
        ["PAGE /Logout"] = Access.AnyRole,
        ["PAGE /Index"] = Access.AnyRole,
        ["PAGE /Calls/Index"] = Access.AnyRole,
        ["PAGE /Calls/Detail"] = Access.AnyRole,
        ["PAGE /Calls/Review"] = Access.Review,
        ["PAGE /Calls/Disclosure"] = Access.Oversight,
        ["PAGE /Account/TwoFactor"] = Access.AnyRole,
        ["PAGE /Plugins"] = Access.Oversight,
        ["PAGE /Audit/Index"] = Access.Audit,
        ["PAGE /Integrity/Index"] = Access.Audit,
        ["PAGE /Admin/Users"] = Access.Admin,
        ["PAGE /Admin/Tokens"] = Access.Admin,
        ["PAGE /Admin/Settings"] = Access.Admin,
        ["PAGE /Incidents/Index"] = Access.Oversight,
        ["PAGE /Incidents/Detail"] = Access.Oversight,
        ["PAGE /Incidents/Create"] = Access.Review,
        ["PAGE /Callers/Index"] = Access.Oversight,
        ["PAGE /Callers/WatchList"] = Access.Review,
        ["PAGE /Reports/Incidents"] = Access.Oversight,
        ["PAGE /Admin/Retention"] = Access.Admin,
        ["PAGE /Admin/Routes"] = Access.Admin,
    };

    private readonly RecAceFactory _factory = new();

    public enum Access
    {
        Anonymous,
        AnyRole,
        Oversight,
        Review,
        Audit,
        Admin,
    }

    [Fact]
    public void EndpointList_EveryEndpoint_HasAnExpectedAccess()
    {
        var missing = AppEndpoints().Select(e => e.Key).Where(k => !Expected.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Endpoints without an entry in the authorization matrix: " + string.Join(", ", missing));
        var stale = Expected.Keys.Except(AppEndpoints().Select(e => e.Key)).Where(k => k != "STATIC ASSETS").ToList();
        Assert.True(stale.Count == 0, "Matrix entries for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task EveryEndpoint_EveryRoleAndSignedOut_GetsTheDeclaredOutcome()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var callId = await TestAccounts.InsertCallAsync(_factory, TestAccounts.StaffExtension);
        var clients = new Dictionary<string, HttpClient> { ["signed out"] = TestAccounts.Client(_factory) };
        foreach (var role in Roles.All) clients[role] = await TestAccounts.SignedInAsync(_factory, role);
        var failures = new List<string>();

        foreach (var (key, method, path) in AppEndpoints())
        {
            var url = "/" + path.Replace("{id:guid}", callId.ToString(), StringComparison.Ordinal);
            foreach (var (who, client) in clients)
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
                var allowed = Allows(Expected[key], who == "signed out" ? null : who);
                var outcome = Describe(response);
                if (allowed ? outcome is "denied" or "sign-in" : outcome != (who == "signed out" ? "sign-in" : "denied"))
                {
                    failures.Add($"{key} as {who}: expected {(allowed ? "allowed" : "refused")}, got {(int)response.StatusCode} ({outcome})");
                }
            }
        }

        // The API answers the same to bearer tokens of each role.
        foreach (var role in Roles.All)
        {
            using var client = _factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _factory.CreateTokenAsync(role));
            foreach (var (key, method, path) in AppEndpoints().Where(e => e.Path.StartsWith("api/", StringComparison.Ordinal)))
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/" + path.Replace("{id:guid}", callId.ToString(), StringComparison.Ordinal)));
                if (Allows(Expected[key], role) == Describe(response) is "denied" or "sign-in") failures.Add($"{key} with a {role} token: got {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        foreach (var c in clients.Values) c.Dispose();
    }

    public void Dispose() => _factory.Dispose();

    private static bool Allows(Access access, string? role) => access switch
    {
        Access.Anonymous => true,
        _ when role is null => false,
        Access.AnyRole => true,
        Access.Oversight => role is Roles.Admin or Roles.Supervisor or Roles.Auditor,
        Access.Review => role is Roles.Admin or Roles.Supervisor,
        Access.Audit => role is Roles.Admin or Roles.Auditor,
        Access.Admin => role is Roles.Admin,
        _ => false,
    };

    private static string Describe(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Unauthorized => "sign-in",
        HttpStatusCode.Redirect when response.Headers.Location is { } to && (to.IsAbsoluteUri ? to.AbsolutePath : to.OriginalString).StartsWith("/Login", StringComparison.OrdinalIgnoreCase) => "sign-in",
        HttpStatusCode.Forbidden => "denied",
        _ => "served",
    };

    /// <summary>The app's own endpoint list: one entry per page (its first route) and per method of each other endpoint.</summary>
    private List<(string Key, string Method, string Path)> AppEndpoints()
    {
        var list = new List<(string Key, string Method, string Path)>();
        var seenPages = new HashSet<string>(StringComparer.Ordinal);
        var staticAssetSeen = false;
        foreach (var endpoint in _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText?.TrimStart('/') ?? "";
            // In Development, MapStaticAssets also adds a "{**path:file}" fallback for files changed since
            // the build; it serves the same static files and is allowed anonymously like them.
            if (pattern == "{**path:file}") continue;
            if (endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor"))
            {
                // MapStaticAssets makes one endpoint per file (css, js): one entry, one sample request.
                if (!staticAssetSeen) list.Add(("STATIC ASSETS", "GET", pattern));
                staticAssetSeen = true;
                continue;
            }

            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                if (seenPages.Add(page.ViewEnginePath)) list.Add(("PAGE " + page.ViewEnginePath, "GET", pattern));
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                list.Add(($"{method} /{pattern}", method, pattern));
            }
        }

        return list;
    }
}
