using Microsoft.Extensions.Logging;
using RecAce.Core.Calls;
using RecAce.Core.Evidence;
using RecAce.Core.Media;
using RecAce.Core.Spool;
using RecAce.Core.Storage.Recordings;
using RecAce.Core.Transcription;
using RecAce.Data.Entities;

namespace RecAce.Core.Finalize;

/// <summary>
/// Turns a closed call's spool into its sealed recording: stereo Opus via the media runner,
/// SHA-256, stored under <c>recordings/yyyy/MM/dd/</c> in the recording store, a database row, then the
/// spool is removed. On failure the spool is kept, the error is stored on the call, and a retry is
/// scheduled with back-off. Idempotent: a retry after a crash (or a second node picking the call up)
/// adopts a recording already stored under the call's key instead of replacing it, and the call is
/// sealed and entered in the chain only by the one transaction that moves it to Finalized.
/// </summary>
public sealed class CallFinalizer
{
    private readonly RecAceOptions _options;
    private readonly CallStore _store;
    private readonly MediaRunner _media;
    private readonly IFinalizeQueue _queue;
    private readonly ILogger<CallFinalizer> _logger;
    private readonly TimeZoneInfo _zone;
    private readonly ITranscriptionQueue? _transcription;
    private readonly IntegrityChain? _chain;
    private readonly IRecordingStore _recordings;

    /// <param name="transcription">Where a sealed recording is queued for transcription; null where there is none (benchmarks).</param>
    /// <param name="chain">The integrity chain each sealed recording is entered in; null where there is none (benchmarks).</param>
    /// <param name="recordings">Where sealed recordings are stored.</param>
    public CallFinalizer(RecAceOptions options, CallStore store, MediaRunner media, IFinalizeQueue queue, IRecordingStore recordings, ILogger<CallFinalizer> logger, ITranscriptionQueue? transcription = null, IntegrityChain? chain = null)
    {
        _recordings = recordings;
        _chain = chain;
        _transcription = transcription;
        _options = options;
        _store = store;
        _media = media;
        _queue = queue;
        _logger = logger;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    }

    private string DataDirectory => Path.GetFullPath(_options.DataDirectory);

    /// <returns>True when the call is finalized (now or before); false when it failed and a retry is scheduled.</returns>
    public async Task<bool> FinalizeAsync(Guid callId, CancellationToken ct)
    {
        var call = await _store.GetAsync(callId, ct);
        if (call is null)
        {
            _logger.LogWarning("Finalize: call {CallId} does not exist", callId);
            return true;
        }

        if (call.Status is CallStatus.Finalized or CallStatus.Deleted) return true;
        var folder = Path.Combine(_options.SpoolRoot, callId.ToString("N"));
        try
        {
            await FinalizeFromSpoolAsync(call, folder, ct);
            TryDeleteSpool(folder);
            return true;
        }
        catch (Exception e) when (e is MediaProcessException or IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            var attempts = await _store.MarkFinalizeFailedAsync(callId, e.Message, ct);
            var delay = RetryDelay(attempts);
            _logger.LogError(e, "Finalizing call {CallId} failed (attempt {Attempt}); the spool is kept and the next try is in {Delay}", callId, attempts, delay);
            await _queue.EnqueueAsync(callId, delay, ct);
            return false;
        }
    }

    public TimeSpan RetryDelay(int attempts)
    {
        var seconds = _options.Finalize.RetryBaseDelaySeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, _options.Finalize.MaxRetryDelaySeconds));
    }

    private async Task FinalizeFromSpoolAsync(CallRow call, string folder, CancellationToken ct)
    {
        var manifest = SpoolManifest.Read(folder);
        var legs = manifest.Legs.Where(l => l.SampleRate > 0 && SpoolFiles.SampleCount(Path.Combine(folder, l.FileName)) > 0).ToList();
        var durationSeconds = legs.Count == 0 ? 0 : legs.Max(l => SpoolFiles.SampleCount(Path.Combine(folder, l.FileName)) / (double)l.SampleRate);
        var durationMs = (long)Math.Round(durationSeconds * 1000);
        if (legs.Count == 0)
        {
            // A call that never carried audio (failed setup) keeps its row but has no recording.
            _logger.LogInformation("Call {CallId} has no audio; finalized without a recording", call.Id);
            await _store.MarkFinalizedWithoutRecordingAsync(call.Id, ct);
            return;
        }

        // Said at the start too: with several workers, the log shows which node took the call.
        _logger.LogInformation("Finalizing call {CallId} ({Legs} legs, {Duration} ms)", call.Id, legs.Count, durationMs);
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(call.StartedAtMs), _zone);
        var relative = $"recordings/{local:yyyy}/{local:MM}/{local:dd}/{call.Id:N}.opus";
        // Encoded into this node's own work folder under a unique name: two attempts never share a file.
        var work = Directory.CreateDirectory(Path.Combine(DataDirectory, "tmp", "finalize")).FullName;
        var encoded = Path.Combine(work, $"{call.Id:N}-{Guid.NewGuid():N}.opus");
        StoredRecording stored;
        try
        {
            var args = StereoEncodeCommand.Build(folder, legs, TimeSpan.FromMilliseconds(durationMs), _options.Finalize.OpusBitrate, encoded);
            await _media.RunFfmpegToFileAsync(args, encoded, ct);
            stored = await _recordings.PutAsync(relative, encoded, ct);
        }
        finally
        {
            File.Delete(encoded);
        }

        // Stored by an earlier attempt that died before its transaction: that complete encode is the recording.
        if (stored.AlreadyExisted) _logger.LogWarning("Call {CallId}: {Key} was already stored by an earlier attempt; it is kept and sealed as it is", call.Id, relative);
        var (sha, size) = (stored.Sha256, stored.SizeBytes);
        var recording = new RecordingRow
        {
            CallId = call.Id,
            Path = relative,
            Format = "ogg/opus",
            Sha256 = sha,
            SizeBytes = size,
            DurationMs = durationMs,
            Channels = 2,
            SealedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        bool sealedNow;
        if (_chain is null) sealedNow = await _store.MarkFinalizedAsync(recording, durationMs, ct);
        else
        {
            // Sealed and entered in the chain in one transaction: no sealed call is ever missing from it,
            // and a call another attempt sealed first gets no second row or entry.
            sealedNow = false;
            await _chain.AppendAsync(async (db, c) =>
            {
                if (!await CallStore.MarkFinalizedAsync(db, recording, durationMs, c)) return null;
                sealedNow = true;
                return await IntegrityChain.DraftAsync(db, call.Id, RecAce.Data.Integrity.ChainEntryKind.Seal, null, c);
            }, ct);
        }

        if (!sealedNow)
        {
            _logger.LogInformation("Call {CallId} was sealed by another attempt meanwhile; nothing more to do", call.Id);
            return;
        }

        _logger.LogInformation("Call {CallId} finalized: {Path} ({Size} bytes, {Duration} ms, sha256 {Sha})", call.Id, relative, size, durationMs, sha);
        if (_transcription is not null) await _transcription.EnqueueAsync(call.Id, TimeSpan.Zero, TranscriptionPriority.Normal, ct);
    }

    private void TryDeleteSpool(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "The spool {Folder} of a finalized call could not be removed; it is removed at the next start", folder);
        }
    }
}
