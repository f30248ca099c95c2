using System.Net;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Harassment;
using RecAce.Data;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.Harassment;

/// <summary>Incidents: the workflow, its refusals, the audit trail, and who may see and change them through the pages.</summary>
public sealed class IncidentWorkflowTests : IDisposable
{
    private readonly RecAceFactory _factory = RecAceFactory.With(new Dictionary<string, string>
    {
        ["RecAce:Departments:0:Name"] = "市民課",
        ["RecAce:Departments:0:Extensions"] = "200-299",
        ["RecAce:Departments:1:Name"] = "=HYPERLINK(\"http://x\")",
        ["RecAce:Departments:1:Extensions"] = "301",
    });

    private IncidentStore Store => _factory.Services.GetRequiredService<IncidentStore>();

    [Fact]
    public async Task MoveAsync_OpenReviewedEscalatedClosed_RecordsEachStepAndWhoItWentTo()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var call = await TestAccounts.InsertCallAsync(_factory, "201");
        var id = (await Store.CreateAsync(call, [IncidentCategory.Threat, IncidentCategory.Abuse], "殺すと言われた", "boss", "127.0.0.1", CancellationToken.None))!.Value;

        Assert.True(await Store.MoveAsync(id, IncidentStatus.Reviewed, null, "boss", null, CancellationToken.None));
        Assert.True(await Store.MoveAsync(id, IncidentStatus.Escalated, EscalationTarget.Police, "boss", null, CancellationToken.None));
        Assert.True(await Store.AddNoteAsync(id, "警察に相談済み", "boss", null, CancellationToken.None));
        Assert.True(await Store.MoveAsync(id, IncidentStatus.Closed, null, "boss", null, CancellationToken.None));

        var d = (await Store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(IncidentStatus.Closed, d.Status);
        Assert.Equal(EscalationTarget.Police, d.EscalatedTo);
        Assert.Equal([IncidentCategory.Abuse, IncidentCategory.Threat], d.Categories);
        Assert.Equal(call, Assert.Single(d.Calls).CallId);
        Assert.Equal("警察に相談済み", Assert.Single(d.Notes).Text);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        var actions = await db.AuditEvents.Where(a => a.Target == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action + " " + a.Detail).ToListAsync();
        Assert.Equal(5, actions.Count);
        Assert.StartsWith("incident.create", actions[0], StringComparison.Ordinal);
        Assert.Equal("incident.status Open -> Reviewed", actions[1]);
        Assert.Equal("incident.status Reviewed -> Escalated (Police)", actions[2]);
        Assert.Equal("incident.note 警察に相談済み", actions[3]);
        Assert.Equal("incident.status Escalated -> Closed", actions[4]);
    }

    [Fact]
    public async Task MoveAsync_OpenToClosed_IsRefusedNamingTheAllowedStep()
    {
        var call = await TestAccounts.InsertCallAsync(_factory, "201");
        var id = (await Store.CreateAsync(call, [IncidentCategory.Other], null, "boss", null, CancellationToken.None))!.Value;

        var e = await Assert.ThrowsAsync<InvalidIncidentTransitionException>(() => Store.MoveAsync(id, IncidentStatus.Closed, null, "boss", null, CancellationToken.None));

        Assert.Equal("An incident cannot go from Open to Closed; from Open it can go to: Reviewed.", e.Message);
        Assert.Equal(IncidentStatus.Open, (await Store.GetAsync(id, CancellationToken.None))!.Status);
        await Store.MoveAsync(id, IncidentStatus.Reviewed, null, "boss", null, CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.MoveAsync(id, IncidentStatus.Escalated, null, "boss", null, CancellationToken.None));
    }

    [Fact]
    public async Task DetailPage_InvalidTransition_Answers400WithTheReason()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var call = await TestAccounts.InsertCallAsync(_factory, "201");
        using var supervisor = await TestAccounts.SignedInAsync(_factory, Roles.Supervisor);

        // Opened from the call page's form; the suggested categories are plain checkboxes.
        var form = await supervisor.GetStringAsync($"/Incidents/Create/{call}");
        var created = await supervisor.PostAsync($"/Incidents/Create/{call}", TestAccounts.Form(form, ("categories", "Threat"), ("summary", "<script>alert(1)</script>")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var page = await supervisor.GetStringAsync(url);
        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);

        var refused = await supervisor.PostAsync(url + "?handler=Move", TestAccounts.Form(page, ("to", "Closed")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("cannot go from Open to Closed", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var moved = await supervisor.PostAsync(url + "?handler=Move", TestAccounts.Form(page, ("to", "Reviewed")));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
    }

    [Fact]
    public async Task Pages_ByRole_AuditorReadsStaffNothingOnlyReviewersChange()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var call = await TestAccounts.InsertCallAsync(_factory, "201");
        var id = (await Store.CreateAsync(call, [IncidentCategory.Abuse], "x", "boss", null, CancellationToken.None))!.Value;
        using var auditor = await TestAccounts.SignedInAsync(_factory, Roles.Auditor);
        using var staff = await TestAccounts.SignedInAsync(_factory, Roles.Staff);

        var page = await auditor.GetStringAsync($"/Incidents/Detail/{id}");
        Assert.DoesNotContain("handler=Move", page, StringComparison.Ordinal);
        var post = await auditor.PostAsync($"/Incidents/Detail/{id}?handler=Move", TestAccounts.Form(await auditor.GetStringAsync("/Account/TwoFactor"), ("to", "Reviewed")));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/Incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/Incidents/Detail/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync($"/Incidents/Create/{call}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/Callers/WatchList")).StatusCode);
        Assert.Equal(IncidentStatus.Open, (await Store.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRefused()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var call = await TestAccounts.InsertCallAsync(_factory, "201");
        var id = (await Store.CreateAsync(call, [IncidentCategory.Abuse], "x", "boss", null, CancellationToken.None))!.Value;
        using var supervisor = await TestAccounts.SignedInAsync(_factory, Roles.Supervisor);

        var response = await supervisor.PostAsync($"/Incidents/Detail/{id}?handler=Move", new FormUrlEncodedContent([new("to", "Reviewed")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(IncidentStatus.Open, (await Store.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Report_IncidentsThisMonth_CountsByCategoryAndDepartmentChartAndSafeCsv()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var a = await TestAccounts.InsertCallAsync(_factory, "201");
        var b = await TestAccounts.InsertCallAsync(_factory, "301");
        await Store.CreateAsync(a, [IncidentCategory.Threat, IncidentCategory.Online], null, "boss", null, CancellationToken.None);
        await Store.CreateAsync(b, [IncidentCategory.Threat], null, "boss", null, CancellationToken.None);
        using var auditor = await TestAccounts.SignedInAsync(_factory, Roles.Auditor);

        var page = await auditor.GetStringAsync("/Reports/Incidents");
        Assert.Contains("<svg id=\"incident-chart\"", page, StringComparison.Ordinal);
        Assert.Contains("市民課", page, StringComparison.Ordinal);
        var csv = await auditor.GetStringAsync("/Reports/Incidents?handler=Csv");

        var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"{month},category,威嚇・脅迫 / Intimidation / threats,2", csv, StringComparison.Ordinal);
        Assert.Contains($"{month},category,SNS・ネット / Social media / online,1", csv, StringComparison.Ordinal);
        Assert.Contains($"{month},department,市民課,1", csv, StringComparison.Ordinal);
        // A department name a spreadsheet would run as a formula is quoted and prefixed.
        Assert.Contains($"{month},department,\"'=HYPERLINK(\"\"http://x\"\")\",1", csv, StringComparison.Ordinal);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "report.export"));
    }

    [Fact]
    public async Task Api_Incidents_ListsForAuditorTokenAndRefusesStaff()
    {
        var call = await TestAccounts.InsertCallAsync(_factory, "201");
        var id = (await Store.CreateAsync(call, [IncidentCategory.Violence], "殴られそうになった", "boss", null, CancellationToken.None))!.Value;
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await _factory.CreateTokenAsync(Roles.Auditor));

        var list = await client.GetStringAsync("/api/v1/incidents?category=Violence");
        var one = await client.GetStringAsync($"/api/v1/incidents/{id}");
        var bad = await client.GetAsync("/api/v1/incidents?status=Done");

        Assert.Contains(id.ToString(), list, StringComparison.Ordinal);
        Assert.Contains("殴られそうになった", one, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var staff = _factory.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new("Bearer", await _factory.CreateTokenAsync(Roles.Staff));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/v1/incidents")).StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
