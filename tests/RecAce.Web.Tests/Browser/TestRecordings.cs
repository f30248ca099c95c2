using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Tests.EndToEnd;

namespace RecAce.Web.Tests.Browser;

/// <summary>A finalized call with a small real stereo Opus recording made by ffmpeg.</summary>
internal static class TestRecordings
{
    public static async Task<Guid> InsertFinalizedCallAsync(RecAceFactory factory, string extension, string? outsideName = null)
    {
        var id = Guid.NewGuid();
        var relative = $"recordings/test/{id:N}.opus";
        var path = Path.Combine(factory.DataDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await MediaTools.RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=4", "-f", "lavfi", "-i", "sine=frequency=660:duration=4",
            "-filter_complex", "[0:a][1:a]amerge=inputs=2[a]", "-map", "[a]", "-c:a", "libopus", "-b:a", "32k", path);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var db = factory.Services.GetRequiredService<DatabaseFactory>().Open();
        await db.InsertAsync(new CallRow
        {
            Id = id,
            AdapterId = "test",
            OutsideNumber = "0451234567",
            OutsideName = outsideName,
            StaffExtension = extension,
            StartedAtMs = now - 4000,
            EndedAtMs = now,
            DurationMs = 4000,
            Status = CallStatus.Finalized,
            CreatedAtMs = now,
        });
        await db.InsertAsync(new RecordingRow
        {
            CallId = id,
            Path = relative,
            Format = "opus",
            Sha256 = new string('0', 64),
            SizeBytes = new FileInfo(path).Length,
            DurationMs = 4000,
            Channels = 2,
            SealedAtMs = now,
        });
        return id;
    }
}
