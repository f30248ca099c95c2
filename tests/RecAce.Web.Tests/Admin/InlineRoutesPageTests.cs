using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Auth;
using RecAce.Web.Tests.EndToEnd;

namespace RecAce.Web.Tests.Admin;

/// <summary>
/// The in-line recorder's routes and announcements page (Admin): field-by-field validation in
/// Japanese, uploads checked by content and stored under a generated name, listen-back, every
/// change audited with before/after, and the saved routes laid over the plugin's configuration.
/// </summary>
public sealed partial class InlineRoutesPageTests : IDisposable
{
    private readonly RecAceFactory _factory = RecAceFactory.With(new Dictionary<string, string>
    {
        ["Plugins:Sip:Routes:0:Match"] = "^0999$",
        ["Plugins:Sip:Routes:0:Action"] = "reject",
    });

    private readonly TempDirectory _temp = new("recace-routes");

    [Fact]
    public async Task SaveRoute_InvalidFields_EachFieldErrorInJapaneseNothingSaved()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);
        var page = await admin.GetStringAsync("/Admin/Routes");
        Assert.Contains("^0999$", page, StringComparison.Ordinal);
        Assert.Contains("変更不可", page, StringComparison.Ordinal); // The configuration route is shown read-only.

        var response = await admin.PostAsync("/Admin/Routes?handler=Save", TestAccounts.Form(page,
            ("Input.Match", "(unclosed"), ("Input.Source", "10.0.0.0/99"), ("Input.Action", "forward"), ("Input.Target", "http://pbx"),
            ("Input.BeepIntervalSeconds", "-1"), ("Input.RingTimeoutSeconds", "0"), ("Input.Record", "true")));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("正規表現として正しくありません。", html, StringComparison.Ordinal);
        Assert.Contains("送信元は 192.0.2.10 や 192.0.2.0/24", html, StringComparison.Ordinal);
        Assert.Contains("動作は「告知して接続」「そのまま接続」「拒否」から選んでください。", html, StringComparison.Ordinal);
        Assert.Contains("転送先は sip:内線@192.0.2.20:5060", html, StringComparison.Ordinal);
        Assert.Contains("ビープ間隔は 0〜3600 秒", html, StringComparison.Ordinal);
        Assert.Contains("呼び出し時間の上限は 1〜600 秒", html, StringComparison.Ordinal);
        Assert.Equal(6, FieldErrors().Count(html));

        var announceWithout = await admin.PostAsync("/Admin/Routes?handler=Save", TestAccounts.Form(page,
            ("Input.Match", "^0120$"), ("Input.Action", "announce-connect"), ("Input.Target", "sip:200@192.0.2.20:5060")));
        Assert.Contains("「告知して接続」には告知音声を選んでください。", WebUtility.HtmlDecode(await announceWithout.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.Equal(0, await db.GetTable<SipRouteRow>().CountAsync());
    }

    [Fact]
    public async Task Upload_WavNamedWithTraversal_StoredConvertedUnderGeneratedNameListenableAudited()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);
        var wav = _temp.Combine("tone.wav");
        await MediaTools.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", "-ac", "2", "-y", wav);

        var response = await UploadAsync(admin, await File.ReadAllBytesAsync(wav), "../../../../etc/cron.d/evil.wav", "お知らせ");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Directory.GetFiles(Path.Combine(_factory.DataDirectory, "announcements"));
        var file = Assert.Single(stored);
        Assert.Matches("^[0-9a-f]{32}\\.wav$", Path.GetFileName(file));
        var probe = await MediaTools.RunAsync("ffprobe", "-v", "error", "-show_entries", "stream=sample_rate,channels,codec_name", "-of", "csv=p=0", file);
        Assert.Equal("pcm_s16le,16000,1", probe.Trim());
        Assert.False(File.Exists(Path.Combine(_factory.DataDirectory, "..", "..", "..", "..", "etc", "cron.d", "evil.wav")));

        var page = await admin.GetStringAsync("/Admin/Routes");
        Assert.Contains("お知らせ", page, StringComparison.Ordinal);
        var id = Path.GetFileNameWithoutExtension(file);
        Assert.Contains($"<audio controls preload=\"none\" src=\"/Admin/Routes?handler=Audio&amp;id={id}\">", page, StringComparison.Ordinal);
        using var audio = await admin.GetAsync($"/Admin/Routes?handler=Audio&id={id}");
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString((await audio.Content.ReadAsByteArrayAsync())[..4]));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Routes?handler=Audio&id=../recace.db")).StatusCode);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "announcement.upload");
        Assert.Equal(TestAccounts.UserName(Roles.Admin), audit.Actor);
        Assert.Contains("name=お知らせ; format=wav; seconds=2.0", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_TextNamedWav_Refused415WithErrorInFormNothingStored()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);

        var response = await UploadAsync(admin, "this is not audio, whatever the name says\n"u8.ToArray(), "announcement.wav", null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("WAV または MP3 の音声ではありません", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_factory.DataDirectory, "announcements")));
    }

    [Fact]
    public async Task Upload_OverTheLimit_Refused413WithErrorInForm()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);

        var response = await UploadAsync(admin, new byte[(20 * 1024 * 1024) + 1], "big.wav", null);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("ファイルが大きすぎます（上限 20 MB）。", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_AddEditMoveDelete_AuditedBeforeAfterAndLaidOverPluginConfiguration()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);
        var wav = _temp.Combine("a.wav");
        await MediaTools.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-y", wav);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, await File.ReadAllBytesAsync(wav), "a.wav", "告知")).StatusCode);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        var announcement = await db.GetTable<AnnouncementRow>().SingleAsync();
        var page = await admin.GetStringAsync("/Admin/Routes");

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/Admin/Routes?handler=Save", TestAccounts.Form(page,
            ("Input.Match", "^0120\\d*$"), ("Input.Source", "192.0.2.0/24"), ("Input.Action", "announce-connect"), ("Input.Target", "sip:{number}@192.0.2.20:5060"),
            ("Input.AnnouncementId", announcement.Id), ("Input.Record", "true"), ("Input.BeepIntervalSeconds", "15"), ("Input.RingTimeoutSeconds", "45")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/Admin/Routes?handler=Save", TestAccounts.Form(page,
            ("Input.Match", "^0130$"), ("Input.Action", "connect"), ("Input.Target", "sip:[2001:db8::1]:5070"), ("Input.Record", "false"), ("Input.RingTimeoutSeconds", "60")))).StatusCode);
        var routes = await db.GetTable<SipRouteRow>().OrderBy(r => r.Position).ToListAsync();
        var configuration = _factory.Services.GetRequiredService<IConfiguration>();
        Assert.Equal("^0120\\d*$", configuration["Plugins:Sip:AdminRoutes:0:Match"]);
        Assert.Equal(Path.Combine(_factory.DataDirectory, "announcements", announcement.FileName), configuration["Plugins:Sip:AdminRoutes:0:Announcement"]);
        Assert.Equal("15", configuration["Plugins:Sip:AdminRoutes:0:BeepIntervalSeconds"]);
        Assert.Equal("false", configuration["Plugins:Sip:AdminRoutes:1:Record"]);

        // Edit the first, then move the second above it: the configuration follows.
        page = await admin.GetStringAsync($"/Admin/Routes?edit={routes[0].Id}");
        Assert.Contains("value=\"^0120\\d*$\"", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/Admin/Routes?handler=Save", TestAccounts.Form(page,
            ("edit", routes[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Input.Match", "^0120$"), ("Input.Action", "announce-connect"),
            ("Input.Target", "sip:200@192.0.2.20"), ("Input.AnnouncementId", announcement.Id), ("Input.Record", "true"), ("Input.RingTimeoutSeconds", "45")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/Admin/Routes?handler=Move", TestAccounts.Form(page,
            ("id", routes[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("up", "true")))).StatusCode);
        Assert.Equal("^0130$", configuration["Plugins:Sip:AdminRoutes:0:Match"]);
        Assert.Equal("^0120$", configuration["Plugins:Sip:AdminRoutes:1:Match"]);

        // The announcement is in use: it cannot be deleted until its route is.
        var refused = await admin.PostAsync("/Admin/Routes?handler=DeleteAnnouncement", TestAccounts.Form(page, ("id", announcement.Id)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("経路で使われているため削除できません", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/Admin/Routes?handler=Delete", TestAccounts.Form(page,
            ("id", routes[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture))))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/Admin/Routes?handler=DeleteAnnouncement", TestAccounts.Form(page, ("id", announcement.Id)))).StatusCode);
        Assert.False(File.Exists(Path.Combine(_factory.DataDirectory, "announcements", announcement.FileName)));
        Assert.Equal("^0130$", configuration["Plugins:Sip:AdminRoutes:0:Match"]);
        Assert.Null(configuration["Plugins:Sip:AdminRoutes:1:Match"]);

        var audit = await db.AuditEvents.Where(e => e.Action.StartsWith("route.") || e.Action.StartsWith("announcement.")).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["announcement.upload", "route.add", "route.add", "route.change", "route.move", "route.delete", "announcement.delete"], audit.Select(e => e.Action));
        var change = audit.Single(e => e.Action == "route.change");
        Assert.Contains("before: match=^0120\\d*$; source=192.0.2.0/24;", change.Detail, StringComparison.Ordinal);
        Assert.Contains("| after: match=^0120$; source=;", change.Detail, StringComparison.Ordinal);
        Assert.All(audit, e => Assert.Equal(TestAccounts.UserName(Roles.Admin), e.Actor));
    }

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Staff)]
    public async Task SaveRoute_NotAdmin_ForbiddenAndNothingSaved(string role)
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var user = await TestAccounts.SignedInAsync(_factory, role);
        var page = await user.GetStringAsync("/Calls");

        var response = await user.PostAsync("/Admin/Routes?handler=Save", TestAccounts.Form(page, ("Input.Match", "^1$"), ("Input.Action", "reject")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.Equal(0, await db.GetTable<SipRouteRow>().CountAsync());
    }

    [Fact]
    public async Task SaveRoute_WithoutAntiforgeryToken_Rejected()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);

        var response = await admin.PostAsync("/Admin/Routes?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Match"] = "^1$", ["Input.Action"] = "reject" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.Equal(0, await db.GetTable<SipRouteRow>().CountAsync());
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, string? label)
    {
        var page = await client.GetStringAsync("/Admin/Routes");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        if (label is not null) form.Add(new StringContent(label), "label");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/Admin/Routes?handler=Upload", form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<span class=\"error\" data-field=")]
    private static partial Regex FieldErrors();

    public void Dispose()
    {
        _factory.Dispose();
        _temp.Dispose();
    }
}
