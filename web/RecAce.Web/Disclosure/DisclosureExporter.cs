using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using LinqToDB;
using RecAce.Core;
using RecAce.Core.Audit;
using RecAce.Core.Media;
using RecAce.Core.Storage.Recordings;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Api;

namespace RecAce.Web.Disclosure;

/// <summary>
/// Makes a disclosure (開示請求) package: the sealed recording decoded, the chosen ranges muted and
/// encoded into a new file (the original is only read), the transcript with masked text replaced,
/// redaction.json saying who, when, why and what, and SHA256SUMS for <c>sha256sum -c</c>. Each
/// export is a row in <c>disclosures</c> and an entry in the audit log.
/// </summary>
public sealed class DisclosureExporter
{
    public const string AudioName = "recording-redacted.opus";
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    private static readonly JsonSerializerOptions CompactJson = new(Json) { WriteIndented = false, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly RecAceOptions _options;
    private readonly DatabaseFactory _db;
    private readonly CallQueries _calls;
    private readonly TranscriptQueries _transcripts;
    private readonly MediaRunner _media;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<DisclosureExporter> _logger;
    private readonly IRecordingStore _recordings;

    public DisclosureExporter(RecAceOptions options, DatabaseFactory db, CallQueries calls, TranscriptQueries transcripts, MediaRunner media, AuditLog audit, TimeProvider time, ILogger<DisclosureExporter> logger, IRecordingStore recordings)
    {
        _recordings = recordings;
        _options = options;
        _db = db;
        _calls = calls;
        _transcripts = transcripts;
        _media = media;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    /// <summary>The recording's length and the transcript segments a request is checked against; null when there is no recording.</summary>
    public async Task<(double DurationSeconds, TranscriptDto Transcript)?> SubjectAsync(Guid callId, CancellationToken ct)
    {
        if (await _calls.GetRecordingAsync(callId, ct) is not { } row) return null;
        var transcript = await _transcripts.GetAsync(callId, ct) ?? new TranscriptDto(callId, "None", null, null, null, []);
        return (row.DurationMs / 1000.0, transcript);
    }

    public async Task<DisclosureResult> ExportAsync(Guid callId, DisclosureRequest request, string actor, string? remote, Func<string, string> speakerLabel, CancellationToken ct)
    {
        if (await _calls.GetRecordingAsync(callId, ct) is not { } recording) return new DisclosureResult { NotFound = true };
        LocalRecording? copy;
        try
        {
            copy = await _recordings.OpenLocalAsync(recording.Path, recording.Sha256, ct);
        }
        catch (RecordingStoreException e)
        {
            _logger.LogError("Disclosure of call {CallId} refused: {Reason}", callId, e.Message);
            return new DisclosureResult { Conflict = "The recording no longer matches its sealed SHA-256; nothing was exported. Run `recace verify`." };
        }

        if (copy is null) return new DisclosureResult { NotFound = true };
        await using var localCopy = copy;
        var file = (copy.Path, Row: recording);
        var transcript = await _transcripts.GetAsync(callId, ct) ?? new TranscriptDto(callId, "None", null, null, null, []);
        var errors = DisclosureValidation.Check(request, file.Row.DurationMs / 1000.0, transcript.Segments);
        if (errors.Count > 0) return new DisclosureResult { Errors = errors };

        var ranges = Merge(request.MutedRanges ?? []);
        var masks = request.TextMasks ?? [];
        var reason = request.Reason!.Trim();
        var originalSha = await HashFileAsync(file.Path, ct);
        if (!string.Equals(originalSha, file.Row.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            _logger.LogError("Disclosure of call {CallId} refused: the recording's SHA-256 {Actual} differs from the sealed {Sealed}", callId, originalSha, file.Row.Sha256);
            return new DisclosureResult { Conflict = "The recording no longer matches its sealed SHA-256; nothing was exported. Run `recace verify`." };
        }

        var work = Path.Combine(Path.GetFullPath(_options.DataDirectory), "disclosure-work", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var zipPath = work + ".zip";
        try
        {
            var audio = Path.Combine(work, AudioName);
            await _media.RunFfmpegToFileAsync(MuteCommand.Build(file.Path, ranges, _options.Finalize.OpusBitrate, audio), audio, ct);
            var redactedSha = await HashFileAsync(audio, ct);
            var masked = TextMasking.Apply(transcript, masks);
            var now = _time.GetUtcNow();
            var local = _calls.ToLocal(now.ToUnixTimeMilliseconds());

            await File.WriteAllTextAsync(Path.Combine(work, "transcript.txt"), TranscriptFormats.Text(masked, speakerLabel), new UTF8Encoding(false), ct);
            await File.WriteAllTextAsync(Path.Combine(work, "transcript.json"), JsonSerializer.Serialize(new
            {
                callId,
                masked.Model,
                masked.Language,
                segments = masked.Segments.Select(s => new { s.Id, s.Speaker, s.StartSeconds, s.EndSeconds, s.Text }),
            }, Json), new UTF8Encoding(false), ct);

            var redaction = new
            {
                callId,
                requestedBy = actor,
                requestedAt = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                reason,
                mutedRanges = ranges,
                textMasks = masks.Select(m => m.Text is { } t
                    ? (object)new { text = t, occurrences = TextMasking.Occurrences(transcript, t) }
                    : new { segmentId = m.SegmentId, from = m.From, to = m.To }),
                maskCharacter = TextMasking.MaskChar.ToString(),
                original = new { sha256 = originalSha, sizeBytes = file.Row.SizeBytes, durationSeconds = file.Row.DurationMs / 1000.0, format = file.Row.Format },
                redacted = new { file = AudioName, sha256 = redactedSha, note = "Decoded from the original, every 10 ms frame overlapping a muted range set to zero (ranges widen outward by at most 10 ms), encoded again: a new file, never the sealed one." },
            };
            await File.WriteAllTextAsync(Path.Combine(work, "redaction.json"), JsonSerializer.Serialize(redaction, Json), new UTF8Encoding(false), ct);

            var names = new[] { AudioName, "transcript.txt", "transcript.json", "redaction.json" };
            var sums = new StringBuilder();
            foreach (var name in names) sums.Append(await HashFileAsync(Path.Combine(work, name), ct)).Append("  ").Append(name).Append('\n');
            await File.WriteAllTextAsync(Path.Combine(work, "SHA256SUMS"), sums.ToString(), new UTF8Encoding(false), ct);

            await using (var zip = new FileStream(zipPath, FileMode.CreateNew))
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create))
            {
                foreach (var name in names.Append("SHA256SUMS")) await archive.CreateEntryFromFileAsync(Path.Combine(work, name), name, CompressionLevel.Optimal, ct);
            }

            var row = new DisclosureRow
            {
                CallId = callId,
                CreatedBy = actor,
                CreatedAtMs = now.ToUnixTimeMilliseconds(),
                Reason = reason,
                MutedRangesJson = JsonSerializer.Serialize(ranges, CompactJson),
                TextMasksJson = JsonSerializer.Serialize(masks, CompactJson),
                OriginalSha256 = originalSha,
                RedactedSha256 = redactedSha,
                PackageSha256 = await HashFileAsync(zipPath, ct),
            };
            using (var db = _db.Open())
            {
                row.Id = await db.InsertWithInt64IdentityAsync(row, token: ct);
            }

            await _audit.WriteAsync(actor, "call.disclosure", callId.ToString(),
                $"disclosure {row.Id}; reason: {reason}; muted {string.Join(", ", ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.From:0.###}-{r.To:0.###}s")))}; " +
                $"{masks.Count} text masks; original sha256 {originalSha}; redacted sha256 {redactedSha}; package sha256 {row.PackageSha256}", remote, ct);
            _logger.LogInformation("Disclosure {DisclosureId} of call {CallId} by {Actor}: {Ranges} muted ranges, {Masks} text masks", row.Id, callId, actor, ranges.Count, masks.Count);
            return new DisclosureResult
            {
                Package = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous),
                FileName = $"disclosure-{callId:N}-{row.Id}.zip",
                DisclosureId = row.Id,
            };
        }
        catch
        {
            File.Delete(zipPath);
            throw;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Sorted, with overlapping or touching ranges joined, so the record states exactly what was silenced.</summary>
    internal static List<MutedRange> Merge(IReadOnlyList<MutedRange> ranges)
    {
        var merged = new List<MutedRange>();
        foreach (var r in ranges.OrderBy(r => r.From))
        {
            if (merged.Count > 0 && r.From <= merged[^1].To) merged[^1] = merged[^1] with { To = Math.Max(merged[^1].To, r.To) };
            else merged.Add(r);
        }

        return merged;
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
