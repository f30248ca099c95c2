using System.Net;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.Retention;

/// <summary>The retention admin page: policies above and (only when confirmed) below the floor, departments, audit, and the call detail's answer.</summary>
public sealed class RetentionAdminPageTests : IDisposable
{
    private readonly RecAceFactory _factory = RecAceFactory.With(new Dictionary<string, string>
    {
        ["RecAce:Retention:MinimumDays"] = "365",
        ["RecAce:Retention:Policies:0:Line"] = "test",
        ["RecAce:Retention:Policies:0:Days"] = "3650",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task PostPolicy_BelowFloorOnlyWhenConfirmed_SavedAuditedAndShownOnCallDetail()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);
        var page = await admin.GetStringAsync("/Admin/Retention");
        Assert.Contains("line", page, StringComparison.Ordinal);

        using (var dept = await admin.PostAsync("/Admin/Retention?handler=Department", TestAccounts.Form(page, ("name", "市民課"), ("extensions", "200-209"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, dept.StatusCode);
        }

        using (var below = await admin.PostAsync("/Admin/Retention?handler=Policy", TestAccounts.Form(page, ("kind", "Department"), ("match", "市民課"), ("days", "90"))))
        {
            Assert.Equal(HttpStatusCode.OK, below.StatusCode);
            Assert.Contains("role=\"alert\"", await below.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var noToken = await admin.PostAsync("/Admin/Retention?handler=Policy", new FormUrlEncodedContent([new("kind", "Department"), new("match", "市民課"), new("days", "900")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        }

        using (var confirmed = await admin.PostAsync("/Admin/Retention?handler=Policy",
            TestAccounts.Form(page, ("kind", "Department"), ("match", "市民課"), ("days", "90"), ("allowBelowMinimum", "true"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        }

        using (var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open())
        {
            var row = await db.RetentionPolicies.SingleAsync();
            Assert.Equal((RetentionRuleKind.Department, "市民課", 90, true), (row.Kind, row.Match, row.Days, row.BelowFloorAllowed));
            var audit = await db.AuditEvents.SingleAsync(a => a.Action == "retention.policy.save");
            Assert.Contains("explicitly allowed", audit.Detail, StringComparison.Ordinal);
            Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Action == "department.save" && a.Target == "市民課"));
        }

        var inDepartment = await TestAccounts.InsertCallAsync(_factory, "201", status: CallStatus.Finalized);
        var elsewhere = await TestAccounts.InsertCallAsync(_factory, "301", status: CallStatus.Finalized);
        var expected = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(90), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var detail = await admin.GetStringAsync($"/Calls/Detail/{inDepartment}");
        Assert.Contains("department 市民課 (90", detail, StringComparison.Ordinal);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Contains("line test (3650", await admin.GetStringAsync($"/Calls/Detail/{elsewhere}"), StringComparison.Ordinal);
    }
}
