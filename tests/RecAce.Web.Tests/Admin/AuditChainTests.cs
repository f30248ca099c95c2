using System.Net;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Web.Auth;

namespace RecAce.Web.Tests.Admin;

/// <summary>The audit trail is hash-chained: editing or removing a row in the database is detected.</summary>
public sealed class AuditChainTests : IDisposable
{
    private readonly RecAceFactory _factory = new();

    [Fact]
    public async Task Verify_UntouchedTrail_IsIntact()
    {
        await WriteEventsAsync(5);
        var result = await Verifier().VerifyAsync(CancellationToken.None);
        Assert.True(result.Intact, result.Problem);
        Assert.True(result.Checked >= 5);
    }

    [Fact]
    public async Task Verify_RowEditedInSqlite_IsDetectedAtThatRow()
    {
        await WriteEventsAsync(5);
        await SqlAsync("UPDATE audit_events SET actor = 'someone-else' WHERE id = 3");
        var result = await Verifier().VerifyAsync(CancellationToken.None);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAtId);
    }

    [Fact]
    public async Task Verify_RowEditedAndRehashedWithoutTheChain_IsDetectedAtTheNextRow()
    {
        await WriteEventsAsync(5);
        // Someone who knows the scheme recomputes row 3's own hash but cannot fix every later row.
        using (var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open())
        {
            var row = await db.AuditEvents.FirstAsync(e => e.Id == 3);
            row.Detail = "forged";
            row.Hash = RecAce.Data.Audit.AuditChain.Hash(row.PrevHash!, new(row.Id, row.AtMs, row.Actor, row.Action, row.Target, row.Detail, row.RemoteAddress));
            await db.UpdateAsync(row);
        }

        var result = await Verifier().VerifyAsync(CancellationToken.None);
        Assert.False(result.Intact);
        Assert.Equal(4, result.BrokenAtId);
    }

    [Fact]
    public async Task Verify_MiddleRowDeleted_IsDetected()
    {
        await WriteEventsAsync(5);
        await SqlAsync("DELETE FROM audit_events WHERE id = 2");
        var result = await Verifier().VerifyAsync(CancellationToken.None);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAtId);
    }

    [Fact]
    public async Task Verify_NewestRowDeleted_IsDetectedByTheHeadFile()
    {
        await WriteEventsAsync(5);
        await SqlAsync("DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)");
        var result = await Verifier().VerifyAsync(CancellationToken.None);
        Assert.False(result.Intact);
        Assert.Contains("removed from the end", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPage_VerifyAfterTampering_ShowsTamperingAndCsvExports()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var auditor = await TestAccounts.SignedInAsync(_factory, Roles.Auditor);
        await SqlAsync("UPDATE audit_events SET detail = 'edited' WHERE id = 1");
        var page = await auditor.GetStringAsync("/Audit");
        var verify = await auditor.PostAsync("/Audit?handler=Verify", TestAccounts.Form(page));
        var html = await verify.Content.ReadAsStringAsync();
        Assert.Contains("改ざんを検出", html, StringComparison.Ordinal);

        var csv = await auditor.GetAsync("/Audit?handler=Csv&Action=signin");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        // A byte order mark, so Excel in Japan opens UTF-8 correctly.
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("id,at,actor,action", text, StringComparison.Ordinal);
        Assert.Contains("auditor1,signin", text, StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();

    private AuditVerifier Verifier() => _factory.Services.GetRequiredService<AuditVerifier>();

    private async Task WriteEventsAsync(int n)
    {
        var log = _factory.Services.GetRequiredService<AuditLog>();
        for (var i = 0; i < n; i++) await log.WriteAsync("tester", "call.view", Guid.NewGuid().ToString(), $"event {i}", "127.0.0.1", CancellationToken.None);
    }

    private async Task SqlAsync(string sql)
    {
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        await db.ExecuteAsync(sql);
    }
}
