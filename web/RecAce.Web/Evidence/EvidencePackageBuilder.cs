using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Core;
using RecAce.Core.Audit;
using RecAce.Core.Evidence;
using RecAce.Core.Evidence.Packages;
using RecAce.Core.Storage.Recordings;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Data.Integrity;
using RecAce.Web.Api;

namespace RecAce.Web.Evidence;

/// <summary>
/// Builds an evidence package ZIP into a temporary file: recording as stored, transcript (txt,
/// json, PDF), metadata, chain proof with the signed checkpoint and public key, custody log,
/// README and a <c>sha256sum -c</c> manifest.
/// </summary>
internal sealed class EvidencePackageBuilder
{
    private static readonly Dictionary<string, string> SpeakerLabels = new(StringComparer.Ordinal) { ["OutsideParty"] = "相手方", ["Staff"] = "職員" };
    private static readonly Dictionary<int, string> Directions = new() { [0] = "不明", [1] = "着信", [2] = "発信", [3] = "内線" };
    private readonly DatabaseFactory _db;
    private readonly TranscriptQueries _transcripts;
    private readonly ChainProofs _proofs;
    private readonly ServerKeyProvider _key;
    private readonly AuditSearch _audit;
    private readonly RecAceOptions _options;
    private readonly TranscriptPdf _pdf;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _time;
    private readonly IRecordingStore _recordings;

    public EvidencePackageBuilder(DatabaseFactory db, TranscriptQueries transcripts, ChainProofs proofs, ServerKeyProvider key, AuditSearch audit, RecAceOptions options, TranscriptPdf pdf, TimeProvider time, IRecordingStore recordings)
    {
        _recordings = recordings;
        _db = db;
        _transcripts = transcripts;
        _proofs = proofs;
        _key = key;
        _audit = audit;
        _options = options;
        _pdf = pdf;
        _time = time;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    }

    /// <summary>Checks the call can be packaged: sealed, its file present and unchanged.</summary>
    /// <exception cref="EvidenceUnavailableException">It cannot; the message says why.</exception>
    public async Task<(CallRow Call, RecordingRow Recording)> CheckAsync(Guid callId, CancellationToken ct)
    {
        using var db = _db.Open();
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId, ct);
        var recording = await db.Recordings.FirstOrDefaultAsync(r => r.CallId == callId, ct);
        if (call is null || call.Status != CallStatus.Finalized || recording is null) throw new EvidenceUnavailableException(404, $"Call {callId} has no sealed recording.");
        if (await _recordings.SizeAsync(recording.Path, ct) is null)
            throw new EvidenceUnavailableException(409, $"The recording file of call {callId} is missing; run 'recace verify {callId}'.");
        return (call, recording);
    }

    /// <returns>The package as a temporary file, deleted when the stream is closed.</returns>
    public async Task<FileStream> BuildAsync(Guid callId, string actor, string reason, CancellationToken ct)
    {
        var (call, recording) = await CheckAsync(callId, ct);
        ChainProof proof;
        try
        {
            proof = await _proofs.ForCallAsync(callId, ct);
        }
        catch (InvalidOperationException e)
        {
            throw new EvidenceUnavailableException(409, e.Message);
        }

        var sealedEntry = proof.Entries[0];
        if (sealedEntry.RecordingSha256 != recording.Sha256 || sealedEntry.MetadataDigest != CallFingerprint.From(call, recording).Digest())
            throw new EvidenceUnavailableException(409, $"Call {callId} no longer matches its integrity chain entry; run 'recace verify {callId}'.");

        var transcript = await _transcripts.GetAsync(callId, ct) ?? new TranscriptDto(callId, "None", null, null, null, []);
        var now = _time.GetUtcNow();
        var extension = System.IO.Path.GetExtension(recording.Path);
        var recordingFile = $"{PackageLayout.RecordingFolder}{callId:N}{(extension.Length is > 0 and <= 8 ? extension : ".bin")}";
        var metadata = new PackageMetadata(PackageMetadata.CurrentFormat, callId, recordingFile, recording.Sha256, recording.Format,
            Local(call.StartedAtMs), call.EndedAtMs is { } end ? Local(end) : null, call.DurationMs,
            Directions.GetValueOrDefault(call.Direction, call.Direction.ToString(CultureInfo.InvariantCulture)),
            call.OutsideNumber, call.OutsideName, call.StaffExtension, call.StaffName, call.AdapterId,
            TimeZoneInfo.ConvertTime(now, _zone), actor, reason, CallFingerprint.From(call, recording));

        var files = new List<(string Name, byte[] Bytes)>
        {
            (PackageLayout.Metadata, Json(metadata)),
            (PackageLayout.TranscriptText, Encoding.UTF8.GetBytes(TranscriptFormats.Text(transcript, Label))),
            (PackageLayout.TranscriptJson, Json(transcript)),
            (PackageLayout.TranscriptPdf, Pdf(metadata, transcript, recording)),
            (PackageLayout.Proof, Json(proof)),
            (PackageLayout.CheckpointText, proof.Checkpoint.SignedBytes()),
            (PackageLayout.CheckpointSignature, Convert.FromBase64String(proof.Checkpoint.Signature)),
            (PackageLayout.PublicKey, Encoding.ASCII.GetBytes(_key.Key.PublicKeyPem)),
            (PackageLayout.CustodyLog, await CustodyLogAsync(callId, ct)),
            (PackageLayout.Readme, Encoding.UTF8.GetBytes(PackageReadme.Text(callId, recordingFile, Jst(now), actor).ReplaceLineEndings("\n"))),
        };
        if (proof.Checkpoint.TimestampToken is { } token) files.Add((PackageLayout.CheckpointTimestamp, Convert.FromBase64String(token)));

        var temp = Directory.CreateDirectory(System.IO.Path.Combine(_options.DataDirectory, "tmp")).FullName;
        var zipPath = System.IO.Path.Combine(temp, $"evidence-{callId:N}-{Guid.NewGuid():N}.zip");
        var stream = new FileStream(zipPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var manifest = new SortedDictionary<string, string>(StringComparer.Ordinal);
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
            {
                manifest[recordingFile] = await AddRecordingAsync(zip, recordingFile, recording.Path, now, ct);
                foreach (var (name, bytes) in files)
                {
                    await AddAsync(zip, name, bytes, now, ct);
                    manifest[name] = Convert.ToHexStringLower(SHA256.HashData(bytes));
                }

                // sha256sum's text format: hash, two spaces, the path relative to the package's root.
                var sums = string.Concat(manifest.Select(m => $"{m.Value}  {m.Key}\n"));
                await AddAsync(zip, PackageLayout.Manifest, Encoding.UTF8.GetBytes(sums), now, ct);
            }

            if (manifest[recordingFile] != recording.Sha256)
                throw new EvidenceUnavailableException(409, $"The recording file of call {callId} does not match its sealed SHA-256; run 'recace verify {callId}'.");
            stream.Position = 0;
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private static string Label(string speaker) => SpeakerLabels.GetValueOrDefault(speaker, speaker);

    private byte[] Pdf(PackageMetadata m, TranscriptDto transcript, RecordingRow recording)
    {
        var facts = new List<(string, string)>
        {
            ("通話ID", m.CallId.ToString()),
            ("開始（JST）", Jst(m.StartedAt)),
            ("終了（JST）", m.EndedAt is { } e ? Jst(e) : "—"),
            ("通話時間", m.DurationMs is { } d ? TimeSpan.FromMilliseconds(d).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "—"),
            ("方向", m.Direction),
            ("相手方", $"{m.OutsideNumber} {m.OutsideName}".Trim()),
            ("職員", $"{m.StaffExtension} {m.StaffName}".Trim()),
            ("録音ファイル", m.RecordingFile),
            ("録音 SHA-256", recording.Sha256),
            ("反訳", $"{transcript.Status} {transcript.Model} {transcript.Language}".Trim()),
            ("出力日時（JST）", Jst(m.ExportedAt)),
            ("出力者", m.ExportedBy),
            ("出力理由", m.Reason),
        };
        return _pdf.Render("反訳書（通話記録）", facts, transcript, m.StartedAt, Label);
    }

    private async Task<byte[]> CustodyLogAsync(Guid callId, CancellationToken ct)
    {
        var events = new List<object>();
        var id = callId.ToString();
        await foreach (var e in _audit.AllAsync(new AuditFilter { Text = id }, ct))
        {
            events.Add(new { e.Id, At = Local(e.AtMs), e.Actor, e.Action, e.Target, e.Detail, e.RemoteAddress, e.PrevHash, e.Hash });
        }

        return Json(new { Format = "recace-custody-v1", CallId = callId, Note = "監査ログのうちこの通話に関するもの / audit trail entries about this call", Events = events });
    }

    private DateTimeOffset Local(long ms) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), _zone);

    private string Jst(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, _zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, ChainProof.Json);

    private static async Task AddAsync(ZipArchive zip, string name, byte[] bytes, DateTimeOffset at, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = at;
        await using var s = await entry.OpenAsync(ct);
        await s.WriteAsync(bytes, ct);
    }

    /// <returns>The SHA-256 of what was written: the manifest describes the ZIP's content, not the disk's.</returns>
    private async Task<string> AddRecordingAsync(ZipArchive zip, string name, string key, DateTimeOffset at, CancellationToken ct)
    {
        // Stored, not deflated: Opus does not compress, and the bytes stay as they are on disk.
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        entry.LastWriteTime = at;
        await using var target = await entry.OpenAsync(ct);
        await using var source = await _recordings.OpenReadAsync(key, ct)
            ?? throw new EvidenceUnavailableException(409, $"The recording {key} is missing; run 'recace verify'.");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await source.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, n);
            await target.WriteAsync(buffer.AsMemory(0, n), ct);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>A package cannot be built for this call; <see cref="Status"/> is the HTTP status to answer.</summary>
public sealed class EvidenceUnavailableException : Exception
{
    public EvidenceUnavailableException(int status, string message) : base(message) => Status = status;

    public EvidenceUnavailableException() { }

    public EvidenceUnavailableException(string message) : base(message) { }

    public EvidenceUnavailableException(string message, Exception inner) : base(message, inner) { }

    public int Status { get; } = 500;
}
