using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Harassment;
using RecAce.Data;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.Harassment;

/// <summary>Signals on synthetic calls: real audio made by ffmpeg, decoded by the analyzer through the one media runner.</summary>
public sealed class SignalAnalysisTests : IDisposable
{
    private readonly RecAceFactory _factory = new();

    private CallSignalAnalyzer Analyzer => _factory.Services.GetRequiredService<CallSignalAnalyzer>();

    [Fact]
    public async Task AnalyzeAsync_LoudOutsideChannel_ReportsShoutingAsAbuse()
    {
        var id = await HarassmentRows.InsertCallAsync(_factory, "0311110001", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(12));
        await HarassmentRows.AddRecordingAsync(_factory, id, "0.8*sin(2*PI*440*t)", "0", 12);

        var s = await Analyzer.AnalyzeAsync(id, CancellationToken.None);

        var shout = Assert.Single(s!.Reasons);
        Assert.Equal(SignalKinds.Shouting, shout.Kind);
        Assert.Equal(IncidentCategory.Abuse, shout.Category);
        Assert.Equal([IncidentCategory.Abuse], s.Categories);
        Assert.Equal(30, s.Score);
    }

    [Fact]
    public async Task AnalyzeAsync_QuietOutsideChannel_FindsNothing()
    {
        var id = await HarassmentRows.InsertCallAsync(_factory, "0311110002", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(12));
        await HarassmentRows.AddRecordingAsync(_factory, id, "0.05*sin(2*PI*440*t)", "0", 12);

        var s = await Analyzer.AnalyzeAsync(id, CancellationToken.None);

        Assert.Empty(s!.Reasons);
        Assert.Equal(0, s.Score);
        Assert.False((await HarassmentRows.CallAsync(_factory, id)).ReviewFlag);
    }

    [Fact]
    public async Task AnalyzeAsync_BothSidesSpeakingAtOnce_ReportsCrossTalk()
    {
        var id = await HarassmentRows.InsertCallAsync(_factory, "0311110003", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(12));
        await HarassmentRows.AddRecordingAsync(_factory, id, "0.05*sin(2*PI*440*t)", "0.05*sin(2*PI*300*t)", 12);

        var s = await Analyzer.AnalyzeAsync(id, CancellationToken.None);

        Assert.Equal(SignalKinds.CrossTalk, Assert.Single(s!.Reasons).Kind);
        Assert.Empty(s.Categories);
    }

    [Fact]
    public async Task AnalyzeAsync_CallOverConfiguredLength_ReportsTimeBinding()
    {
        var longCall = await HarassmentRows.InsertCallAsync(_factory, "0311110004", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(45));
        var shortCall = await HarassmentRows.InsertCallAsync(_factory, "0311110005", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(29));

        var s = await Analyzer.AnalyzeAsync(longCall, CancellationToken.None);

        var reason = Assert.Single(s!.Reasons);
        Assert.Equal(SignalKinds.LongCall, reason.Kind);
        Assert.Equal(IncidentCategory.TimeBinding, reason.Category);
        Assert.Empty((await Analyzer.AnalyzeAsync(shortCall, CancellationToken.None))!.Reasons);
    }

    [Fact]
    public async Task AnalyzeAsync_FifthCallInAWeekFromOneNumber_ReportsRepeatCaller()
    {
        var now = DateTimeOffset.UtcNow;
        Guid last = default;
        for (var i = 4; i >= 0; i--) last = await HarassmentRows.InsertCallAsync(_factory, "0311110006", now.AddDays(-i), TimeSpan.FromMinutes(3));
        // Four calls from another number, the oldest outside the window: not a repeat caller.
        await HarassmentRows.InsertCallAsync(_factory, "0311110007", now.AddDays(-9), TimeSpan.FromMinutes(3));
        Guid other = default;
        for (var i = 3; i >= 0; i--) other = await HarassmentRows.InsertCallAsync(_factory, "0311110007", now.AddDays(-i), TimeSpan.FromMinutes(3));

        var s = await Analyzer.AnalyzeAsync(last, CancellationToken.None);

        var reason = Assert.Single(s!.Reasons);
        Assert.Equal(SignalKinds.RepeatCaller, reason.Kind);
        Assert.Equal(IncidentCategory.Repeat, reason.Category);
        Assert.StartsWith("5 calls", reason.Detail, StringComparison.Ordinal);
        Assert.Empty((await Analyzer.AnalyzeAsync(other, CancellationToken.None))!.Reasons);
    }

    [Fact]
    public async Task AnalyzeAsync_LexiconPhrasesFromTheOutsideParty_ScoreCategoriesAndFlagForReview()
    {
        var id = await HarassmentRows.InsertCallAsync(_factory, "0311110008", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4));
        await HarassmentRows.AddSegmentAsync(_factory, id, 0, 1, 4, "ふざけるな！ お前らのことネットに晒すからな。");
        await HarassmentRows.AddSegmentAsync(_factory, id, 0, 5, 7, "責任者を出せ");
        // The staff side is not the caller: a quoted threat there scores nothing.
        await HarassmentRows.AddSegmentAsync(_factory, id, 1, 8, 10, "「殺す」という言葉は記録されます");

        var s = await Analyzer.AnalyzeAsync(id, CancellationToken.None);

        string[] expected = ["ふざけるな", "ネットに晒す", "責任者を出せ"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), s!.Reasons.Where(r => r.Kind == SignalKinds.Phrase).Select(r => r.Detail).Order(StringComparer.Ordinal));
        Assert.All(s.Reasons, r => Assert.Equal(SignalKinds.Phrase, r.Kind));
        Assert.Equal([IncidentCategory.Abuse, IncidentCategory.Authority, IncidentCategory.Online], s.Categories);
        Assert.Equal(75, s.Score);
        Assert.True(s.WithTranscript);

        var call = await HarassmentRows.CallAsync(_factory, id);
        Assert.True(call.ReviewFlag);
        Assert.Contains("score 75", call.ReviewFlagReason, StringComparison.Ordinal);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Action == "call.flag" && a.Target == id.ToString() && a.Actor == CallSignalAnalyzer.Actor));

        // The review queue on the dashboard lists it, with the reason.
        await TestAccounts.CreateAllAsync(_factory);
        using var supervisor = await TestAccounts.SignedInAsync(_factory, Web.Auth.Roles.Supervisor);
        var dashboard = await supervisor.GetStringAsync("/");
        Assert.Contains($"/Calls/Detail/{id}", dashboard, StringComparison.Ordinal);
        Assert.Contains("score 75", dashboard, StringComparison.Ordinal);
        // The call page shows the score and its reasons.
        var detail = await supervisor.GetStringAsync($"/Calls/Detail/{id}");
        Assert.Contains("id=\"signal-score\">75<", detail, StringComparison.Ordinal);
        Assert.Contains("ネットに晒す", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalysisQueue_EnqueuedCall_IsScoredByTheQuartzJob()
    {
        var id = await HarassmentRows.InsertCallAsync(_factory, "0311110009", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(40));

        await _factory.Services.GetRequiredService<ICallAnalysisQueue>().EnqueueAsync(id, CancellationToken.None);

        var reader = _factory.Services.GetRequiredService<CallSignalReader>();
        CallSignals? s = null;
        for (var i = 0; i < 100 && s is null; i++)
        {
            await Task.Delay(100);
            s = await reader.GetAsync(id, CancellationToken.None);
        }

        Assert.NotNull(s);
        Assert.Equal(SignalKinds.LongCall, Assert.Single(s.Reasons).Kind);
    }

    [Fact]
    public void Lexicon_ConfiguredUnknownCategory_IsRefusedWithThePhraseNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new SignalLexicon(new Dictionary<string, string> { ["帰れ"] = "Nonsense" }));
        Assert.Contains("帰れ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lexicon_FullWidthAndSpaces_StillMatch()
    {
        var lexicon = new SignalLexicon(new Dictionary<string, string> { ["馬鹿"] = "", ["ＳＮＳにさらす"] = "Online" });

        var found = lexicon.Find("ＳＮＳ に さらす ぞ、馬鹿");

        Assert.Equal([("ＳＮＳにさらす", IncidentCategory.Online)], found);
    }

    public void Dispose() => _factory.Dispose();
}
