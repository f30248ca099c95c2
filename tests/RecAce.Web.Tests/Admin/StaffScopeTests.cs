using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RecAce.Web.Auth;

namespace RecAce.Web.Tests.Admin;

/// <summary>Staff see only the calls of their own extensions, by page, by URL and through the API.</summary>
public sealed class StaffScopeTests : IDisposable
{
    private readonly RecAceFactory _factory = new();

    [Fact]
    public async Task CallDetail_StaffOpensAnotherExtensionsCallByUrl_Gets404()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var own = await TestAccounts.InsertCallAsync(_factory, TestAccounts.StaffExtension);
        var other = await TestAccounts.InsertCallAsync(_factory, "999");
        using var staff = await TestAccounts.SignedInAsync(_factory, Roles.Staff);

        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/Calls/Detail/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/Calls/Detail/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/calls/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/calls/{other}/audio")).StatusCode);
    }

    [Fact]
    public async Task ListCalls_Staff_SeesOnlyOwnExtension()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var own = await TestAccounts.InsertCallAsync(_factory, TestAccounts.StaffExtension);
        await TestAccounts.InsertCallAsync(_factory, "999");
        using var staff = await TestAccounts.SignedInAsync(_factory, Roles.Staff);
        using var auditor = await TestAccounts.SignedInAsync(_factory, Roles.Auditor);

        var staffPage = await staff.GetFromJsonAsync<JsonElement>("/api/v1/calls");
        var auditorPage = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/calls");

        Assert.Equal(1, staffPage.GetProperty("total").GetInt32());
        Assert.Equal(own.ToString(), staffPage.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(2, auditorPage.GetProperty("total").GetInt32());
        var html = await staff.GetStringAsync("/Calls");
        Assert.Contains(own.ToString(), html, StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();
}
