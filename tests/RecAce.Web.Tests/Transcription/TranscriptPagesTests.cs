using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Data;

namespace RecAce.Web.Tests.Transcription;

/// <summary>The transcript in the admin: search box, status column, detail view, seek script, audited corrections.</summary>
public sealed partial class TranscriptPagesTests : IDisposable
{
    private const string Password = "correct horse battery";
    private readonly RecAceFactory _factory = new();

    [Fact]
    public async Task CallsPage_TextSearch_ShowsHighlightedSnippetLinkingToTheMoment()
    {
        using var client = await SignedInAsync();
        var id = await TranscribedCalls.AddAsync(_factory, "0312345678", DateTimeOffset.UtcNow, FakeTranscriber.Dialogue);

        var html = await client.GetStringAsync("/Calls?q=" + Uri.EscapeDataString("住民票"));

        Assert.Contains("<mark>住民票</mark>", html, StringComparison.Ordinal);
        Assert.Contains($"/Calls/Detail/{id}#t=2.5", html, StringComparison.Ordinal);
        Assert.Contains("文字起こし済み", html, StringComparison.Ordinal);
        Assert.Contains("name=\"q\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailPage_Transcript_SegmentsWithSpeakersTimesEncodedTextAndSeekScript()
    {
        using var client = await SignedInAsync();
        var id = await TranscribedCalls.AddAsync(_factory, "0312345678", DateTimeOffset.UtcNow, FakeTranscriber.Dialogue);

        var html = await client.GetStringAsync($"/Calls/Detail/{id}");

        Assert.Contains("data-start=\"2.5\"", html, StringComparison.Ordinal);
        Assert.Contains("相手方", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;確認&lt;/b&gt;いたします", html, StringComparison.Ordinal);
        Assert.Contains("/js/transcript.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correct_WithAntiforgery_StoresBesideOriginalAndAudits()
    {
        using var client = await SignedInAsync();
        var id = await TranscribedCalls.AddAsync(_factory, "0312345678", DateTimeOffset.UtcNow, FakeTranscriber.Dialogue);
        var page = await client.GetStringAsync($"/Calls/Detail/{id}");
        var segmentId = SegmentIds().Match(page).Groups[1].Value;

        var response = await client.PostAsync($"/Calls/Detail/{id}?handler=Correct", Form(page, ("segmentId", segmentId), ("text", "お電話ありがとうございます。市民課でございます")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetStringAsync($"/Calls/Detail/{id}");
        Assert.Contains("市民課でございます", after, StringComparison.Ordinal);
        Assert.Contains("元の文字起こし", after, StringComparison.Ordinal);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        var segment = await db.TranscriptSegments.FirstAsync(s => s.Id == long.Parse(segmentId, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("お電話ありがとうございます、市民課です", segment.Text);
        Assert.Equal("admin", segment.CorrectedBy);
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Action == "transcript.correct" && a.Target == id.ToString()));

        // The correction is what search finds now.
        var found = await client.GetStringAsync("/Calls?q=" + Uri.EscapeDataString("ございます"));
        Assert.Contains("<mark>ございます</mark>", found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correct_WithoutAntiforgeryToken_IsRejected()
    {
        using var client = await SignedInAsync();
        var id = await TranscribedCalls.AddAsync(_factory, "0312345678", DateTimeOffset.UtcNow, FakeTranscriber.Dialogue);

        var response = await client.PostAsync($"/Calls/Detail/{id}?handler=Correct",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["segmentId"] = "1", ["text"] = "改ざん" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_NoModel_SaysCallsAreRecordedAndTranscriptionWaits()
    {
        using var client = await SignedInAsync();

        var html = await client.GetStringAsync("/");
        var health = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/healthz");

        Assert.Contains("音声認識モデル未導入", html, StringComparison.Ordinal);
        Assert.Equal("no model installed: calls are recorded, transcription waits",
            health.GetProperty("parts").GetProperty("speechModel").GetProperty("detail").GetString());
    }

    public void Dispose() => _factory.Dispose();

    private async Task<HttpClient> SignedInAsync()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var setup = await client.GetStringAsync("/Setup");
        await client.PostAsync("/Setup", Form(setup, ("UserName", "admin"), ("Password", Password), ("Confirm", Password)));
        var login = await client.GetStringAsync("/Login");
        var response = await client.PostAsync("/Login", Form(login, ("UserName", "admin"), ("Password", Password)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static FormUrlEncodedContent Form(string page, params (string Key, string Value)[] fields)
    {
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"segmentId\" value=\"([0-9]+)\"")]
    private static partial Regex SegmentIds();
}
