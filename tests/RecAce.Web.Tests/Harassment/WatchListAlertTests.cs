using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RecAce.Core.Calls;
using RecAce.Core.Harassment;
using RecAce.Data;
using RecAce.Plugins;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.Harassment;

/// <summary>A call from a watched number, reported by an adapter through the call sink, raises a dashboard alert and an e-mail to a real SMTP server.</summary>
public sealed class WatchListAlertTests
{
    [SmtpFact]
    public async Task CallStart_WatchedNumber_EmailsTheAlertAndShowsItOnTheDashboard()
    {
        using var smtp = await SmtpTestServer.StartAsync();
        using var factory = RecAceFactory.With(new Dictionary<string, string>
        {
            ["RecAce:Alerts:Smtp:Host"] = "127.0.0.1",
            ["RecAce:Alerts:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RecAce:Alerts:Smtp:Tls"] = "None",
            ["RecAce:Alerts:Smtp:From"] = "recace@city.example",
            ["RecAce:Alerts:Smtp:Recipients:0"] = "kacho@city.example",
        });
        await TestAccounts.CreateAllAsync(factory);
        using var supervisor = await TestAccounts.SignedInAsync(factory, Roles.Supervisor);
        // Added through the page, hyphenated: the watch list keeps the digits.
        var page = await supervisor.GetStringAsync("/Callers/WatchList");
        var added = await supervisor.PostAsync("/Callers/WatchList?handler=Add", TestAccounts.Form(page, ("number", "03-9876-5432"), ("reason", "暴言・長時間の電話が続いている")));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, added.StatusCode);

        var sink = factory.Services.GetRequiredService<CallIntake>().SinkFor("test-adapter");
        var recording = await sink.OpenCallAsync(new CallInfo { OutsideNumber = "0398765432", OutsideName = "<b>ヤマダ</b>", StaffExtension = TestAccounts.StaffExtension }, CancellationToken.None);

        var raw = await smtp.WaitForMessageAsync(TimeSpan.FromSeconds(30));
        var message = await MimeMessage.LoadAsync(new MemoryStream(raw));
        Assert.Contains("0398765432", message.Subject, StringComparison.Ordinal);
        Assert.Contains("要注意番号からの着信", message.Subject, StringComparison.Ordinal);
        Assert.Equal("kacho@city.example", message.To.Mailboxes.Single().Address);
        Assert.Contains("発信者番号: 0398765432", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("暴言・長時間の電話が続いている", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("内線: 201", message.TextBody, StringComparison.Ordinal);
        // On the wire the Japanese subject is an RFC 2047 UTF-8 encoded word, and the body declares UTF-8.
        var headers = System.Text.Encoding.ASCII.GetString(raw).Split("\r\n\r\n")[0];
        Assert.Contains("=?utf-8?", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("charset=utf-8", headers, StringComparison.OrdinalIgnoreCase);

        var dashboard = await supervisor.GetStringAsync("/?handler=Live");
        Assert.Contains("id=\"caller-alerts\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("0398765432", dashboard, StringComparison.Ordinal);
        // The Staff user on extension 201 sees the alert for their own call too.
        using var staff = await TestAccounts.SignedInAsync(factory, Roles.Staff);
        Assert.Contains("0398765432", await staff.GetStringAsync("/"), StringComparison.Ordinal);

        using var db = factory.Services.GetRequiredService<DatabaseFactory>().Open();
        var alert = await db.CallerAlerts.SingleAsync();
        Assert.Equal((int)AlertMailStatus.Sent, alert.MailStatus);
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Action == "watchlist.alert" && a.Target == alert.CallId.ToString()));
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Action == "watchlist.add" && a.Target == "0398765432" && a.Actor == TestAccounts.UserName(Roles.Supervisor)));
        await recording.CloseAsync(CallEndReason.Normal);
    }

    [Fact]
    public async Task CallStart_SmtpServerDown_RetriesBoundedThenMarksFailedWithoutBlockingTheCall()
    {
        using var factory = RecAceFactory.With(new Dictionary<string, string>
        {
            ["RecAce:Alerts:Smtp:Host"] = "127.0.0.1",
            ["RecAce:Alerts:Smtp:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RecAce:Alerts:Smtp:Tls"] = "None",
            ["RecAce:Alerts:Smtp:Recipients:0"] = "kacho@city.example",
            ["RecAce:Alerts:Smtp:MaxAttempts"] = "3",
            ["RecAce:Alerts:Smtp:RetryDelaySeconds"] = "0.1",
        });
        _ = factory.Server;
        await factory.Services.GetRequiredService<WatchListStore>().AddAsync("0355550000", "test", "tester", null, CancellationToken.None);

        var recording = await factory.Services.GetRequiredService<CallIntake>().SinkFor("test-adapter")
            .OpenCallAsync(new CallInfo { OutsideNumber = "0355550000", StaffExtension = "301" }, CancellationToken.None);

        using var db = factory.Services.GetRequiredService<DatabaseFactory>().Open();
        var status = -1;
        for (var i = 0; i < 100 && status != (int)AlertMailStatus.Failed; i++)
        {
            await Task.Delay(100);
            status = await db.CallerAlerts.Select(a => a.MailStatus).FirstOrDefaultAsync();
        }

        Assert.Equal((int)AlertMailStatus.Failed, status);
        await recording.CloseAsync(CallEndReason.Normal);
    }

    [Fact]
    public async Task CallStart_UnwatchedNumber_RaisesNoAlert()
    {
        using var factory = new RecAceFactory();
        _ = factory.Server;
        var watch = factory.Services.GetRequiredService<CallerWatch>();

        var alert = await watch.CheckAsync(new CallStarted(Guid.NewGuid(), "test", "0311112222", null, "201", DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.Null(alert);
    }

    private static int ClosedPort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
