using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RecAce.Core.Spool;
using RecAce.Plugins;

namespace RecAce.Core.Calls;

/// <summary>
/// Opens calls for adapters: a database row, a spool folder and a <see cref="CallSession"/>;
/// keeps the open sessions for the flusher and the dashboard; hands closed calls to finalization.
/// </summary>
public sealed class CallIntake : IDisposable
{
    private readonly ConcurrentDictionary<Guid, CallSession> _open = new();
    private readonly ConcurrentDictionary<(Guid, string), byte> _malformedLogged = new();
    private readonly SemaphoreSlim _metadataGate = new(1, 1);
    private readonly RecAceOptions _options;
    private readonly CallStore _store;
    private readonly IFinalizeQueue _finalize;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ICallStartObserver[] _observers;

    public CallIntake(RecAceOptions options, CallStore store, IFinalizeQueue finalize, TimeProvider time, ILoggerFactory loggers, IEnumerable<ICallStartObserver>? observers = null)
    {
        _observers = observers?.ToArray() ?? [];
        _options = options;
        _store = store;
        _finalize = finalize;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<CallIntake>();
        SpoolRoot = options.SpoolRoot;
        Directory.CreateDirectory(SpoolRoot);
    }

    public string SpoolRoot { get; }

    internal DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Calls being recorded now.</summary>
    public int OpenCallCount => _open.Count;

    /// <summary>A call sink bound to one adapter, given to that adapter's context.</summary>
    public ICallSink SinkFor(string adapterId) => new AdapterCallSink(this, adapterId);

    public async ValueTask<ICallRecording> OpenAsync(string adapterId, CallInfo call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        EnsureSpaceForRecording();
        if (call.SourceDigest is { } digest && await _store.FindBySourceDigestAsync(digest, ct) is { } existing)
        {
            throw new DuplicateSourceException(existing);
        }

        var id = Guid.CreateVersion7();
        var startedAt = call.StartedAt == default ? Now : call.StartedAt;
        await _store.InsertAsync(id, adapterId, call, startedAt, ct);

        var folder = Path.Combine(SpoolRoot, id.ToString("N"));
        Directory.CreateDirectory(folder);
        // An adapter that gave no start time answers as soon as this returns: the legs' clock starts
        // now, not before the database insert, so a slow disk does not add silence to the recording.
        var clockStart = call.StartedAt == default ? Now : startedAt;
        var manifest = new SpoolManifest { CallId = id, AdapterId = adapterId, StartedAt = clockStart };
        manifest.Write(folder);
        var session = new CallSession(this, manifest, folder, _options.Pipeline.JitterWindowMs, _loggers.CreateLogger<CallSession>());
        foreach (var leg in call.Legs) session.AddLeg(leg);
        session.Flush(toDisk: false);
        _open[id] = session;
        _logger.LogInformation("Call {CallId} opened by {Adapter} ({AdapterCallId})", id, adapterId, call.AdapterCallId);
        NotifyStarted(new CallStarted(id, adapterId, call.OutsideNumber, call.OutsideName, call.StaffExtension, startedAt));
        return session;
    }

    /// <summary>Observers queue their work and return; one that throws is logged and does not stop the call.</summary>
    private void NotifyStarted(CallStarted started)
    {
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnCallStarted(started);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "A call-start observer ({Observer}) failed for call {CallId}", observer.GetType().Name, started.CallId);
            }
        }
    }

    /// <summary>Flushes every open call's spool; called by the flusher at least once a second.</summary>
    public void FlushAll(bool toDisk)
    {
        foreach (var session in _open.Values)
        {
            try
            {
                session.Flush(toDisk);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
            {
                _logger.LogError(e, "Flushing the spool of call {CallId} failed", session.CallId);
            }
        }
    }

    /// <summary>Closes every open call, for shutdown.</summary>
    public async Task CloseAllAsync(CallEndReason reason, CancellationToken ct)
    {
        foreach (var session in _open.Values) await session.CloseAsync(reason, ct);
    }

    internal async ValueTask OnClosedAsync(CallSession session, SpoolManifest manifest, bool recovered, CancellationToken ct)
    {
        _open.TryRemove(session.CallId, out _);
        await CloseInStoreAsync(manifest, session.Folder, recovered, ct);
    }

    internal async Task CloseInStoreAsync(SpoolManifest manifest, string folder, bool recovered, CancellationToken ct)
    {
        var legs = manifest.Legs.Select(l => (l, SpoolFiles.SampleCount(Path.Combine(folder, l.FileName)))).ToList();
        await _store.MarkClosedAsync(manifest.CallId, manifest.ClosedAt ?? Now, manifest.EndReason ?? CallEndReason.Unknown, recovered, legs, manifest.Dtmf, ct);
        await _finalize.EnqueueAsync(manifest.CallId, TimeSpan.Zero, ct);
    }

    internal void QueueMetadataUpdate(Guid callId, CallMetadataUpdate update) =>
        _ = Task.Run(async () =>
        {
            await _metadataGate.WaitAsync();
            try
            {
                await _store.UpdateMetadataAsync(callId, update, CancellationToken.None);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Storing a metadata update for call {CallId} failed", callId);
            }
            finally
            {
                _metadataGate.Release();
            }
        });

    internal void LogMalformedOnce(Guid callId, string legId, string message)
    {
        if (_malformedLogged.TryAdd((callId, legId), 0))
        {
            _logger.LogWarning("Call {CallId} leg {LegId}: malformed frame dropped ({Reason}); further ones are only counted", callId, legId, message);
        }
    }

    private void EnsureSpaceForRecording()
    {
        try
        {
            var free = new DriveInfo(SpoolRoot).AvailableFreeSpace;
            if (free < _options.Pipeline.MinFreeSpaceMb * 1024 * 1024)
            {
                throw new RecordingRefusedException($"The spool disk has only {free / (1024 * 1024)} MB free (minimum {_options.Pipeline.MinFreeSpaceMb} MB).");
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // Free space cannot be read on every file system; recording is more important than the check.
            _logger.LogDebug(e, "Free space of {SpoolRoot} could not be read", SpoolRoot);
        }
    }

    public void Dispose() => _metadataGate.Dispose();

    private sealed class AdapterCallSink(CallIntake intake, string adapterId) : ICallSink
    {
        public ValueTask<ICallRecording> OpenCallAsync(CallInfo call, CancellationToken cancellationToken) =>
            intake.OpenAsync(adapterId, call, cancellationToken);
    }
}
