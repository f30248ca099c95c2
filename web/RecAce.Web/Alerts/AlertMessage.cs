using System.Globalization;
using MimeKit;
using RecAce.Core.Calls;
using RecAce.Data.Entities;

namespace RecAce.Web.Alerts;

/// <summary>The e-mail for one watch-list alert: Japanese first, English below; UTF-8 throughout.</summary>
internal static class AlertMessage
{
    public static MimeMessage Build(AlertMailOptions options, CallerAlertRow alert, CallStarted call, TimeZoneInfo zone)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var r in options.Recipients.Where(r => !string.IsNullOrWhiteSpace(r))) message.To.Add(MailboxAddress.Parse(r.Trim()));
        // Numbers and names come from the network: one line each, so nothing can add a header.
        var number = OneLine(alert.Number);
        message.Subject = $"【RecAce】要注意番号からの着信 {number} / Watched caller calling";
        var at = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(alert.AtMs), zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
        var link = string.IsNullOrWhiteSpace(options.BaseUrl) ? "" : $"{options.BaseUrl.TrimEnd('/')}/Calls/Detail/{alert.CallId}\n";
        var text =
            $"要注意リストの番号から着信がありました。\n\n" +
            $"発信者番号: {number}\n" +
            $"発信者名: {OneLine(call.OutsideName)}\n" +
            $"内線: {OneLine(alert.StaffExtension)}\n" +
            $"時刻: {at}\n" +
            $"登録理由: {OneLine(alert.Reason)}\n" +
            link +
            $"\n---\nA call from a number on the watch list has started.\n" +
            $"Number: {number}\nExtension: {OneLine(alert.StaffExtension)}\nTime: {at}\nReason: {OneLine(alert.Reason)}\n";
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    private static string OneLine(string? v) => string.IsNullOrEmpty(v) ? "-" : new string(v.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
