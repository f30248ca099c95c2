using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Core.Media;
using RecAce.Core.Transcription.Models;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Transcription;

/// <summary>
/// Transcribes one finalized call: each channel on its own (out of process), merged into a dialogue,
/// stored and indexed. A failure is recorded on the call and retried with back-off; with no model
/// installed the call waits and is looked at again later.
/// </summary>
public sealed class TranscriptionService : IDisposable
{
    private readonly RecAceOptions _options;
    private readonly DatabaseFactory _db;
    private readonly TranscriptStore _store;
    private readonly SpeechModelStore _models;
    private readonly ChannelAudioExtractor _extractor;
    private readonly ITranscriber _transcriber;
    private readonly ITranscriptionQueue _queue;
    private readonly ILogger<TranscriptionService> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Storage.Recordings.IRecordingStore _recordings;

    public TranscriptionService(RecAceOptions options, DatabaseFactory db, TranscriptStore store, SpeechModelStore models, ChannelAudioExtractor extractor,
        ITranscriber transcriber, ITranscriptionQueue queue, Storage.Recordings.IRecordingStore recordings, ILogger<TranscriptionService> logger)
    {
        _recordings = recordings;
        _options = options;
        _db = db;
        _store = store;
        _models = models;
        _extractor = extractor;
        _transcriber = transcriber;
        _queue = queue;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, options.Transcription.MaxConcurrency));
    }

    public enum Outcome
    {
        Done,
        Skipped,
        WaitingForModel,
        Failed,
    }

    public async Task<Outcome> TranscribeAsync(Guid callId, CancellationToken ct)
    {
        var recording = await FindRecordingAsync(callId, ct);
        if (recording is null) return Outcome.Skipped;
        var (model, modelPath, problem) = _models.Active();
        if (model is null || modelPath is null)
        {
            await _store.SetStatusAsync(callId, TranscriptionStatus.WaitingForModel, problem, ct);
            await _queue.EnqueueAsync(callId, TimeSpan.FromSeconds(_options.Transcription.NoModelRecheckSeconds), TranscriptionPriority.Normal, ct);
            return Outcome.WaitingForModel;
        }

        await _slots.WaitAsync(ct);
        var work = Path.Combine(Path.GetFullPath(_options.DataDirectory), "tmp", "transcribe", callId.ToString("N"));
        try
        {
            await _store.SetStatusAsync(callId, TranscriptionStatus.Running, null, ct);
            IReadOnlyList<ChannelAudio> channels;
            // A store that is not a local folder gives a checked temporary copy, gone once the channels are extracted.
            await using (var local = await _recordings.OpenLocalAsync(recording.Value.Key, recording.Value.Sha256, ct))
            {
                if (local is null) throw new IOException($"the recording {recording.Value.Key} is missing from {_recordings.Kind} storage");
                channels = await _extractor.ExtractAsync(local.Path, work, recording.Value.Channels, ct);
            }

            var t = _options.Transcription;
            var result = await _transcriber.TranscribeAsync(new TranscriptionRequest(modelPath, _models.VadModelPath, channels, t.Language, t.Threads), ct);
            var merged = TranscriptMerger.Merge(result.Segments);
            await _store.SaveAsync(callId, merged, model.Name, t.Language, result.Audio, result.Speech, ct);
            _logger.LogInformation("Call {CallId} transcribed: {Segments} segments, {Speech:0.0} s of speech in {Audio:0.0} s of audio", callId, merged.Count, result.Speech.TotalSeconds, result.Audio.TotalSeconds);
            return Outcome.Done;
        }
        catch (Exception e) when (e is TranscriptionFailedException or MediaProcessException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            var attempts = await _store.MarkFailedAsync(callId, e.Message, CancellationToken.None);
            if (attempts < _options.Transcription.MaxAttempts)
            {
                var delay = RetryDelay(attempts);
                _logger.LogError(e, "Transcribing call {CallId} failed (attempt {Attempt}); next try in {Delay}", callId, attempts, delay);
                await _queue.EnqueueAsync(callId, delay, TranscriptionPriority.Normal, CancellationToken.None);
            }
            else
            {
                _logger.LogError(e, "Transcribing call {CallId} failed {Attempt} times; it stays failed until re-queued", callId, attempts);
            }

            return Outcome.Failed;
        }
        finally
        {
            _slots.Release();
            TryDelete(work);
        }
    }

    public TimeSpan RetryDelay(int attempts)
    {
        var t = _options.Transcription;
        var seconds = t.RetryBaseDelaySeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, t.MaxRetryDelaySeconds));
    }

    public void Dispose() => _slots.Dispose();

    private async Task<(string Key, string Sha256, int Channels)?> FindRecordingAsync(Guid callId, CancellationToken ct)
    {
        using var db = _db.Open();
        var r = await (from rec in db.Recordings
                       join c in db.Calls on rec.CallId equals c.Id
                       where rec.CallId == callId && c.Status == CallStatus.Finalized
                       select rec).FirstOrDefaultAsync(ct);
        return r is null ? null : (r.Path, r.Sha256, r.Channels);
    }

    private void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not remove {Folder}", folder);
        }
    }
}
