using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Tests.EndToEnd;

namespace RecAce.Web.Tests.Harassment;

/// <summary>Calls, sealed recordings made by the real ffmpeg, and transcript segments, written as the pipeline would.</summary>
internal static class HarassmentRows
{
    public static async Task<Guid> InsertCallAsync(RecAceFactory factory, string? number, DateTimeOffset startedAt, TimeSpan duration, string extension = "201")
    {
        var id = Guid.CreateVersion7();
        using var db = factory.Services.GetRequiredService<DatabaseFactory>().Open();
        await db.InsertAsync(new CallRow
        {
            Id = id,
            AdapterId = "test",
            OutsideNumber = number,
            StaffExtension = extension,
            StartedAtMs = startedAt.ToUnixTimeMilliseconds(),
            EndedAtMs = (startedAt + duration).ToUnixTimeMilliseconds(),
            DurationMs = (long)duration.TotalMilliseconds,
            Status = CallStatus.Finalized,
            CreatedAtMs = startedAt.ToUnixTimeMilliseconds(),
        });
        return id;
    }

    /// <summary>
    /// A stereo Ogg/Opus recording as finalization stores it (left: outside party, right: staff),
    /// made by ffmpeg from an expression per channel, e.g. "0.8*sin(2*PI*440*t)".
    /// </summary>
    public static async Task AddRecordingAsync(RecAceFactory factory, Guid callId, string left, string right, double seconds)
    {
        var relative = $"recordings/test/{callId:N}.opus";
        var path = Path.Combine(factory.DataDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        await MediaTools.RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y", "-f", "lavfi",
            "-i", $"aevalsrc={left}|{right}:s=16000:d={seconds.ToString(inv)}", "-c:a", "libopus", "-b:a", "32k", path);
        using var db = factory.Services.GetRequiredService<DatabaseFactory>().Open();
        await db.InsertAsync(new RecordingRow
        {
            CallId = callId, Path = relative, Format = "ogg/opus", Sha256 = new string('0', 64), SizeBytes = new FileInfo(path).Length,
            DurationMs = (long)(seconds * 1000), Channels = 2, SealedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        });
    }

    /// <param name="speaker">0 outside party, 1 staff.</param>
    public static async Task AddSegmentAsync(RecAceFactory factory, Guid callId, int speaker, double start, double end, string text)
    {
        using var db = factory.Services.GetRequiredService<DatabaseFactory>().Open();
        await db.InsertAsync(new TranscriptSegmentRow { CallId = callId, Speaker = speaker, StartMs = (long)(start * 1000), EndMs = (long)(end * 1000), Text = text });
    }

    public static async Task<CallRow> CallAsync(RecAceFactory factory, Guid id)
    {
        using var db = factory.Services.GetRequiredService<DatabaseFactory>().Open();
        return await db.Calls.FirstAsync(c => c.Id == id);
    }
}
