using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Audit;
using RecAce.Core.Media;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Web.Inline;

/// <summary>
/// Announcements uploaded in the admin. The content is checked with ffprobe (the extension and the
/// browser's content type are never trusted), converted with ffmpeg to 16 kHz mono 16-bit WAV (what
/// the Sip plugin decodes once at start or on a route change) and kept under a generated name:
/// the uploaded file name is only a label, never part of a path.
/// </summary>
public sealed class AnnouncementLibrary
{
    /// <summary>Largest upload accepted (bytes): a few minutes of WAV.</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    /// <summary>Longest announcement: a caller should not wait longer before being connected.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(3);

    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly MediaRunner _media;
    private readonly TimeProvider _time;
    private readonly AdminRoutesConfigurationProvider _configuration;
    private readonly ConfiguredRoutes _configured;
    private readonly ILogger<AnnouncementLibrary> _logger;

    public AnnouncementLibrary(DatabaseFactory db, AuditLog audit, MediaRunner media, TimeProvider time, AdminRoutesConfigurationProvider configuration,
        ConfiguredRoutes configured, ILogger<AnnouncementLibrary> logger)
    {
        _db = db;
        _audit = audit;
        _media = media;
        _time = time;
        _configuration = configuration;
        _configured = configured;
        _logger = logger;
    }

    public async Task<IReadOnlyList<AnnouncementRow>> ListAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.GetTable<AnnouncementRow>().OrderBy(a => a.Name).ThenBy(a => a.UploadedAtMs).ToListAsync(ct);
    }

    /// <summary>The stored file of an announcement; null when there is no such announcement or file.</summary>
    public async Task<string?> FileOfAsync(string id, CancellationToken ct)
    {
        if (!IsId(id)) return null;
        using var db = _db.Open();
        var row = await db.GetTable<AnnouncementRow>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return null;
        var path = Path.Combine(_configuration.AnnouncementDirectory, row.FileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Checks, converts and stores an upload.</summary>
    /// <returns>The outcome: an HTTP status (200, 413, 415, 422) and, when refused, a resource key saying why.</returns>
    public async Task<(int Status, string? Error)> UploadAsync(Stream content, long length, string? uploadedName, string? label, string actor, string? remote, CancellationToken ct)
    {
        if (length <= 0) return (422, "AnnouncementEmpty");
        if (length > MaxBytes) return (413, "AnnouncementTooLarge");
        var directory = _configuration.AnnouncementDirectory;
        Directory.CreateDirectory(directory);
        var id = Guid.NewGuid().ToString("N");
        var upload = Path.Combine(directory, id + ".upload");
        var stored = Path.Combine(directory, id + ".wav");
        var saved = false;
        try
        {
            await using (var file = new FileStream(upload, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await content.CopyToAsync(file, ct);
            if (new FileInfo(upload).Length > MaxBytes) return (413, "AnnouncementTooLarge");

            var probe = await ProbeAsync(upload, ct);
            if (probe is null) return (415, "AnnouncementNotAudio");
            if (probe.Value.Duration > MaxDuration) return (422, "AnnouncementTooLong");

            await _media.RunFfmpegToFileAsync(
                ["-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", upload, "-vn", "-map", "0:a:0",
                 "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav", "-y", stored], stored, ct);
            var size = new FileInfo(stored).Length;
            string sha;
            await using (var read = File.OpenRead(stored)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, ct));
            var row = new AnnouncementRow
            {
                Id = id,
                Name = Label(label, uploadedName, id),
                FileName = id + ".wav",
                DurationMs = (long)probe.Value.Duration.TotalMilliseconds,
                SizeBytes = size,
                Sha256 = sha,
                UploadedBy = actor,
                UploadedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            using (var db = _db.Open()) await db.InsertAsync(row, token: ct);
            saved = true;
            await _audit.WriteAsync(actor, "announcement.upload", "announcement/" + id, string.Create(CultureInfo.InvariantCulture,
                $"after: name={row.Name}; format={probe.Value.Format}; seconds={probe.Value.Duration.TotalSeconds:0.0}; uploadedBytes={length}; storedSha256={sha}"), remote, ct);
            return (200, null);
        }
        catch (MediaProcessException ex)
        {
            _logger.LogWarning("Announcement upload {Id} by {Actor} could not be converted: {Error}", id, actor, ex.Message);
            return (415, "AnnouncementNotAudio");
        }
        finally
        {
            File.Delete(upload);
            if (!saved) File.Delete(stored);
        }
    }

    /// <summary>Deletes an announcement no route uses (admin or configuration); returns a resource key when refused.</summary>
    public async Task<string?> DeleteAsync(string id, string actor, string? remote, CancellationToken ct)
    {
        if (!IsId(id)) return "AnnouncementNotFound";
        using var db = _db.Open();
        var row = await db.GetTable<AnnouncementRow>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return "AnnouncementNotFound";
        var path = Path.Combine(_configuration.AnnouncementDirectory, row.FileName);
        if (await db.GetTable<SipRouteRow>().AnyAsync(r => r.AnnouncementId == id, ct) || _configured.UsesFile(path))
            return "AnnouncementInUse";
        await db.GetTable<AnnouncementRow>().Where(a => a.Id == id).DeleteAsync(ct);
        File.Delete(path);
        await _audit.WriteAsync(actor, "announcement.delete", "announcement/" + id,
            string.Create(CultureInfo.InvariantCulture, $"before: name={row.Name}; seconds={row.DurationMs / 1000.0:0.0}; storedSha256={row.Sha256}"), remote, ct);
        return null;
    }

    /// <summary>What ffprobe finds in the file: only a WAV or MP3 container with an audio stream counts.</summary>
    private async Task<(string Format, TimeSpan Duration)?> ProbeAsync(string path, CancellationToken ct)
    {
        using var output = new MemoryStream();
        try
        {
            await _media.RunAsync(_media.FfprobePath,
                ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-select_streams", "a", "--", path],
                output, ct, TimeSpan.FromSeconds(30));
        }
        catch (MediaProcessException)
        {
            return null;
        }

        using var json = JsonDocument.Parse(output.ToArray());
        var root = json.RootElement;
        if (!root.TryGetProperty("format", out var format) || !format.TryGetProperty("format_name", out var nameElement)) return null;
        var formatName = nameElement.GetString() ?? "";
        if (formatName is not ("wav" or "mp3")) return null;
        if (!root.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0) return null;
        var durationText = format.TryGetProperty("duration", out var d) ? d.GetString() : null;
        if (!double.TryParse(durationText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0) return null;
        return (formatName, TimeSpan.FromSeconds(seconds));
    }

    private static string Label(string? label, string? uploadedName, string id)
    {
        var text = string.IsNullOrWhiteSpace(label) ? Path.GetFileNameWithoutExtension(Path.GetFileName(uploadedName ?? "")) : label.Trim();
        text = new string(text.Where(c => !char.IsControl(c)).ToArray());
        return text.Length == 0 ? id[..8] : text.Length > 128 ? text[..128] : text;
    }

    private static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
