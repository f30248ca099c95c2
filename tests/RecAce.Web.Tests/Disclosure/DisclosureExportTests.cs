using System.IO.Compression;
using Xunit.Abstractions;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Transcription;
using RecAce.Data;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;
using RecAce.Web.Tests.EndToEnd;

namespace RecAce.Web.Tests.Disclosure;

/// <summary>Disclosure exports against a recording sealed by the real finalizer, checked with the real ffmpeg and sha256sum.</summary>
[Trait("Category", "Integration")]
public sealed class DisclosureExportTests : IDisposable
{
    private const double MuteFrom = 1.5;
    private const double MuteTo = 3.0;
    private readonly RecAceFactory _factory = new();
    private readonly TempDirectory _work = new("recace-disclosure");
    private readonly ITestOutputHelper _output;

    public DisclosureExportTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        _factory.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task PostDisclosure_RangesAndMasks_MutesRangeMasksTextAndLeavesOriginalSealed()
    {
        var (id, recording, original) = await FinalizedCalls.RecordAsync(_factory, TimeSpan.FromSeconds(5));
        var segments = await TranscriptAsync(id);
        using var client = await ClientAsync(Roles.Supervisor);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{id}/disclosure", new
        {
            reason = "開示請求 第12号（本人からの請求）",
            mutedRanges = new[] { new { from = MuteFrom, to = MuteTo } },
            textMasks = new object[] { new { segmentId = segments[0].Id, from = 0, to = 4 }, new { text = "東京都" } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var dir = _work.Combine("zip");
        await using (var zip = await response.Content.ReadAsStreamAsync())
        {
            await ZipFile.ExtractToDirectoryAsync(zip, dir);
        }

        Assert.Equal(["SHA256SUMS", "recording-redacted.opus", "redaction.json", "transcript.json", "transcript.txt"],
            Directory.GetFiles(dir).Select(f => new FileInfo(f).Name).Order(StringComparer.Ordinal).ToArray());
        await ExternalTools.RunCheckedAsync("sha256sum", dir, TimeSpan.FromSeconds(30), "-c", "SHA256SUMS");

        // The muted range is silent on both channels; the rest keeps its energy.
        var redacted = Path.Combine(dir, "recording-redacted.opus");
        for (var channel = 0; channel < 2; channel++)
        {
            var before = await MediaTools.DecodeChannelAsync(original, channel, 48000);
            var after = await MediaTools.DecodeChannelAsync(redacted, channel, 48000);
            var loud = Rms(before, 0.3, 1.3);
            Assert.True(loud > 2000, $"channel {channel}: the original tone is there ({loud:0})");
            var muted = Rms(after, MuteFrom + 0.05, MuteTo - 0.05);
            Assert.True(muted < loud * 0.01, $"channel {channel}: muted range RMS {muted:0.0} vs {loud:0.0} outside");
            foreach (var (from, to) in new[] { (0.3, 1.3), (3.3, 4.7) })
            {
                var ratio = Rms(after, from, to) / Rms(before, from, to);
                _output.WriteLine($"channel {channel}: RMS outside {loud:0.0}, muted {muted:0.00} ({muted / loud:P3}); {from}-{to} s redacted/original {ratio:0.000}");
                Assert.InRange(ratio, 0.85, 1.15);
            }
        }

        var txt = await File.ReadAllTextAsync(Path.Combine(dir, "transcript.txt"));
        var json = await File.ReadAllTextAsync(Path.Combine(dir, "transcript.json"));
        foreach (var text in new[] { txt, json })
        {
            Assert.DoesNotContain("山田太郎", text, StringComparison.Ordinal);
            Assert.DoesNotContain("東京都", text, StringComparison.Ordinal);
            Assert.Contains("■■■■です", text, StringComparison.Ordinal);
            Assert.Contains("はい、承知しました", text, StringComparison.Ordinal);
        }

        using var redaction = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "redaction.json")));
        var r = redaction.RootElement;
        Assert.Equal("token:test", r.GetProperty("requestedBy").GetString());
        Assert.Equal("開示請求 第12号（本人からの請求）", r.GetProperty("reason").GetString());
        Assert.Equal(recording.Sha256, r.GetProperty("original").GetProperty("sha256").GetString());
        Assert.Equal(Sha256(redacted), r.GetProperty("redacted").GetProperty("sha256").GetString());
        Assert.Equal(MuteFrom, r.GetProperty("mutedRanges")[0].GetProperty("from").GetDouble());
        Assert.Equal(1, r.GetProperty("textMasks")[1].GetProperty("occurrences").GetInt32());

        // The sealed original is untouched and the export is on record.
        Assert.Equal(recording.Sha256, Sha256(original));
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        var row = await db.Disclosures.SingleAsync(d => d.CallId == id);
        Assert.Equal(Sha256(redacted), row.RedactedSha256);
        var audit = await db.AuditEvents.SingleAsync(a => a.Action == "call.disclosure" && a.Target == id.ToString());
        Assert.Contains(recording.Sha256, audit.Detail, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_factory.DataDirectory, "disclosure-work")));
    }

    [Theory]
    [InlineData("""{"mutedRanges":[]}""", "reason")]
    [InlineData("""{"reason":"x","mutedRanges":[{"from":3,"to":2}]}""", "mutedRanges[0]")]
    [InlineData("""{"reason":"x","mutedRanges":[{"from":-1,"to":2}]}""", "mutedRanges[0]")]
    [InlineData("""{"reason":"x","mutedRanges":[{"from":1,"to":60}]}""", "mutedRanges[0]")]
    [InlineData("""{"reason":"x","textMasks":[{"segmentId":999999,"from":0,"to":1}]}""", "textMasks[0]")]
    [InlineData("""{"reason":"x","textMasks":[{"text":""}]}""", "textMasks[0]")]
    [InlineData("""{"reason":"x","textMasks":[{"segmentId":1}]}""", "textMasks[0]")]
    public async Task PostDisclosure_InvalidRequest_400ProblemNamingTheField(string body, string field)
    {
        var (id, _, _) = await FinalizedCalls.RecordAsync(_factory, TimeSpan.FromSeconds(2));
        using var client = await ClientAsync(Roles.Auditor);
        using var response = await client.PostAsync($"/api/v1/calls/{id}/disclosure", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        await AssertNothingExportedAsync(id);
    }

    [Fact]
    public async Task PostDisclosure_TooManyRanges_400()
    {
        var (id, _, _) = await FinalizedCalls.RecordAsync(_factory, TimeSpan.FromSeconds(2));
        using var client = await ClientAsync(Roles.Admin);
        var ranges = Enumerable.Range(0, 51).Select(i => new { from = i * 0.01, to = (i * 0.01) + 0.005 });
        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{id}/disclosure", new { reason = "x", mutedRanges = ranges });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("mutedRanges", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("""{"reason":"x","mutedRanges":"all"}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("""{"reason":"x","mutedRanges":[{"from":"a","to":1}]}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("null", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("reason=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task PostDisclosure_MalformedBody_ProblemNotCrash(string body, string type, HttpStatusCode expected)
    {
        var (id, _, _) = await FinalizedCalls.RecordAsync(_factory, TimeSpan.FromSeconds(2));
        using var client = await ClientAsync(Roles.Supervisor);
        using var response = await client.PostAsync($"/api/v1/calls/{id}/disclosure", new StringContent(body, System.Text.Encoding.UTF8, type));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var health = await client.GetAsync("/healthz");
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task PostDisclosure_CallWithoutRecording_404()
    {
        _ = _factory.Server;
        var id = await TestAccounts.InsertCallAsync(_factory, "201");
        using var client = await ClientAsync(Roles.Supervisor);
        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{id}/disclosure", new { reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DisclosurePage_PostedForm_ReturnsZipAndCallDetailListsIt()
    {
        var (id, _, _) = await FinalizedCalls.RecordAsync(_factory, TimeSpan.FromSeconds(3));
        await TestAccounts.CreateAllAsync(_factory);
        using var client = await TestAccounts.SignedInAsync(_factory, Roles.Auditor);
        var page = await client.GetStringAsync($"/Calls/Disclosure/{id}");

        using var bad = await client.PostAsync($"/Calls/Disclosure/{id}", TestAccounts.Form(page, ("Reason", "請求"), ("Ranges", "2-1")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var noToken = await client.PostAsync($"/Calls/Disclosure/{id}", new FormUrlEncodedContent([new("Reason", "請求"), new("Ranges", "0:01-0:02")]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        using var ok = await client.PostAsync($"/Calls/Disclosure/{id}", TestAccounts.Form(page, ("Reason", "情報公開請求"), ("Ranges", "0:01-0:02\n2.5-2.9"), ("LiteralMasks", "")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/zip", ok.Content.Headers.ContentType?.MediaType);
        await using var zip = new ZipArchive(await ok.Content.ReadAsStreamAsync());
        Assert.NotNull(zip.GetEntry("redaction.json"));

        var detail = await client.GetStringAsync($"/Calls/Detail/{id}");
        Assert.Contains("情報公開請求", detail, StringComparison.Ordinal);
        Assert.Contains("id=\"retention-policy\">default (1827", detail, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<Data.Entities.TranscriptSegmentRow>> TranscriptAsync(Guid id)
    {
        var store = _factory.Services.GetRequiredService<TranscriptStore>();
        await store.SaveAsync(id, [
            new TranscriptSegment(Speaker.OutsideParty, TimeSpan.Zero, TimeSpan.FromSeconds(2), "山田太郎です。住所は東京都です"),
            new TranscriptSegment(Speaker.Staff, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), "はい、承知しました"),
        ], "test", "ja", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), CancellationToken.None);
        return await store.GetSegmentsAsync(id, CancellationToken.None);
    }

    private async Task<HttpClient> ClientAsync(string role)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _factory.CreateTokenAsync(role));
        return client;
    }

    private async Task AssertNothingExportedAsync(Guid id)
    {
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.Equal(0, await db.Disclosures.CountAsync(d => d.CallId == id));
    }

    private static double Rms(short[] samples, double fromSeconds, double toSeconds)
    {
        var from = (int)(fromSeconds * 48000);
        var to = Math.Min(samples.Length, (int)(toSeconds * 48000));
        double sum = 0;
        for (var i = from; i < to; i++) sum += samples[i] * (double)samples[i];
        return Math.Sqrt(sum / Math.Max(1, to - from));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
