using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core.Audit;
using RecAce.Core.Retention;
using RecAce.Core.Tests.Calls;
using RecAce.Core.Tests.Pipeline;
using RecAce.Data.Entities;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Retention;

public sealed class RetentionPolicyTests
{
    private static readonly long Started = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static RetentionRules Rules(RetentionOptions options, Dictionary<string, string>? departments = null, params RetentionRule[] rules) =>
        new(rules, (departments ?? []).ToDictionary(d => d.Key, d => ExtensionRanges.TryParse(d.Value, out _)!), options);

    private static CallRow Call(string number = "0312345678", string extension = "201", string adapter = "sip") =>
        new() { OutsideNumber = number, StaffExtension = extension, AdapterId = adapter, StartedAtMs = Started };

    [Fact]
    public void Decide_NoRule_UsesDefaultFiveYears()
    {
        var d = Rules(new RetentionOptions()).Decide(Call());
        Assert.Equal("default", d.Policy);
        Assert.Equal(1827, d.Days);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Started).AddDays(1827), d.DeleteAfter);
    }

    [Fact]
    public void Decide_NumberDepartmentAndLineAllMatch_NumberWinsThenDepartmentThenLine()
    {
        var options = new RetentionOptions { MinimumDays = 1 };
        var depts = new Dictionary<string, string> { ["福祉課"] = "200-249" };
        var line = new RetentionRule(RetentionRuleKind.Line, "sip", 400, false, "config");
        var dept = new RetentionRule(RetentionRuleKind.Department, "福祉課", 300, false, "config");
        var prefix = new RetentionRule(RetentionRuleKind.Number, "03*", 200, false, "config");
        var longerPrefix = new RetentionRule(RetentionRuleKind.Number, "0312*", 250, false, "config");
        var exact = new RetentionRule(RetentionRuleKind.Number, "0312345678", 3000, false, "config");

        Assert.Equal("number 0312345678", Rules(options, depts, line, dept, prefix, longerPrefix, exact).Decide(Call()).Policy);
        Assert.Equal("number 0312*", Rules(options, depts, line, dept, prefix, longerPrefix).Decide(Call()).Policy);
        Assert.Equal("department 福祉課", Rules(options, depts, line, dept).Decide(Call()).Policy);
        Assert.Equal("line sip", Rules(options, depts, line, dept).Decide(Call(extension: "301")).Policy);
        Assert.Equal("default", Rules(options, depts, line, dept).Decide(Call(extension: "301", adapter: "capture")).Policy);
    }

    [Fact]
    public void Decide_TwoEquallySpecificRules_LongerPeriodWins()
    {
        var depts = new Dictionary<string, string> { ["A"] = "200-249", ["B"] = "201" };
        var d = Rules(new RetentionOptions { MinimumDays = 1 }, depts,
            new RetentionRule(RetentionRuleKind.Department, "A", 100, false, "admin"),
            new RetentionRule(RetentionRuleKind.Department, "B", 900, false, "admin")).Decide(Call());
        Assert.Equal(("department B", 900), (d.Policy, d.Days));
    }

    [Fact]
    public void Decide_PolicyBelowMinimum_RaisedToMinimumUnlessExplicitlyAllowed()
    {
        var options = new RetentionOptions { MinimumDays = 365 };
        Assert.Equal(365, Rules(options, null, new RetentionRule(RetentionRuleKind.Line, "sip", 30, false, "admin")).Decide(Call()).Days);
        Assert.Equal(30, Rules(options, null, new RetentionRule(RetentionRuleKind.Line, "sip", 30, true, "admin")).Decide(Call()).Days);
    }

    [Theory]
    [InlineData("200-249", "200", true)]
    [InlineData("200-249", "249", true)]
    [InlineData("200-249", "250", false)]
    [InlineData("200-249", "2000", false)]
    [InlineData("200-249, 301", "301", true)]
    [InlineData("0120", "0120", true)]
    [InlineData("0120", "120", false)]
    public void ExtensionRanges_Contains_MatchesRangesOfSameLengthAndSingles(string ranges, string extension, bool expected) =>
        Assert.Equal(expected, ExtensionRanges.TryParse(ranges, out _)!.Contains(extension));

    [Theory]
    [InlineData("")]
    [InlineData("249-200")]
    [InlineData("20-2000")]
    [InlineData("2 00")]
    [InlineData("200-")]
    public void ExtensionRanges_TryParse_BadList_NullWithError(string text)
    {
        Assert.Null(ExtensionRanges.TryParse(text, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task SweepAsync_DepartmentWithShorterPolicy_DeletesItsCallsKeepsOthersHeldAndMoreSpecific()
    {
        using var bench = new RecordingBench();
        bench.Options.Retention.MinimumDays = 30;
        bench.Options.Departments.Add(new DepartmentOptions { Name = "福祉課", Extensions = "300-399" });
        bench.Options.Retention.Policies.Add(new RetentionPolicyOptions { Department = "福祉課", Days = 60 });
        bench.Options.Retention.Policies.Add(new RetentionPolicyOptions { Number = "0999999999", Days = 3650 });

        var welfare = await RecordAsync(bench, "301", "0311111111");
        var welfareHeld = await RecordAsync(bench, "302", "0311111111");
        var welfareWatched = await RecordAsync(bench, "303", "0999999999");
        var otherDepartment = await RecordAsync(bench, "201", "0311111111");
        var welfareRecent = await RecordAsync(bench, "304", "0311111111");
        using (var db = bench.Db.Open())
        {
            var old = DateTimeOffset.UtcNow.AddDays(-100).ToUnixTimeMilliseconds();
            await db.Calls.Where(c => c.Id != welfareRecent).Set(c => c.StartedAtMs, old).UpdateAsync();
            await db.Calls.Where(c => c.Id == welfareRecent).Set(c => c.StartedAtMs, DateTimeOffset.UtcNow.AddDays(-10).ToUnixTimeMilliseconds()).UpdateAsync();
            await db.Calls.Where(c => c.Id == welfareHeld).Set(c => c.LegalHold, true).Set(c => c.LegalHoldReason, "弁護士照会").UpdateAsync();
        }

        var sweeper = new RetentionSweeper(bench.Options, bench.Db, new AuditLog(bench.Db, TimeProvider.System), bench.Recordings,
            new RetentionPolicies(bench.Options, bench.Db, NullLogger<RetentionPolicies>.Instance), bench.Chain, TimeProvider.System, NullLogger<RetentionSweeper>.Instance);
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));

        Assert.Equal(CallStatus.Deleted, (await bench.CallAsync(welfare)).Status);
        foreach (var kept in new[] { welfareHeld, welfareWatched, otherDepartment, welfareRecent })
        {
            Assert.Equal(CallStatus.Finalized, (await bench.CallAsync(kept)).Status);
        }

        using var check = bench.Db.Open();
        Assert.False(File.Exists(Path.Combine(bench.DataDirectory, (await check.Recordings.FirstAsync(r => r.CallId == welfare)).Path)));
        Assert.True(File.Exists(Path.Combine(bench.DataDirectory, (await check.Recordings.FirstAsync(r => r.CallId == welfareHeld)).Path)));
        var audit = await check.AuditEvents.SingleAsync(a => a.Action == "recording.delete");
        Assert.Equal(welfare.ToString(), audit.Target);
        Assert.Contains("department 福祉課", audit.Detail, StringComparison.Ordinal);

        // A second run finds nothing more: the kept calls stay kept.
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
    }

    private static async Task<Guid> RecordAsync(RecordingBench bench, string extension, string number)
    {
        var call = await bench.Intake.OpenAsync("test", new CallInfo
        {
            Direction = CallDirection.Inbound,
            OutsideNumber = number,
            StaffExtension = extension,
            StartedAt = RtpStream.Start,
            Legs = [new LegInfo("a", LegRole.Outside), new LegInfo("b", LegRole.Staff)],
        }, CancellationToken.None);
        for (var i = 0; i < 25; i++)
        {
            call.Write("a", RtpStream.Pcmu(i));
            call.Write("b", RtpStream.Pcmu(i, ssrc: 77));
        }

        await call.CloseAsync(CallEndReason.Normal);
        Assert.True(await bench.Finalizer.FinalizeAsync(call.CallId, CancellationToken.None));
        return call.CallId;
    }
}
