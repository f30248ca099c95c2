using Microsoft.Extensions.Logging;
using RecAce.Core.Pipeline;
using RecAce.Core.Spool;
using RecAce.Plugins;

namespace RecAce.Core.Calls;

/// <summary>
/// One call being recorded: its legs' pipelines and spool files, and its manifest on disk.
/// Implements the contract's <see cref="ICallRecording"/>.
/// </summary>
internal sealed class CallSession : ICallRecording
{
    private readonly Dictionary<string, LegSession> _legs = new(StringComparer.Ordinal);
    private readonly Lock _legsGate = new();
    private readonly SpoolManifest _manifest;
    private readonly CallIntake _intake;
    private readonly ILogger _logger;
    private readonly int _jitterWindowMs;
    private int _closed;
    private bool _manifestDirty;
    private bool _countersDirty;

    public CallSession(CallIntake intake, SpoolManifest manifest, string folder, int jitterWindowMs, ILogger logger)
    {
        _intake = intake;
        _manifest = manifest;
        Folder = folder;
        _jitterWindowMs = jitterWindowMs;
        _logger = logger;
    }

    public Guid CallId => _manifest.CallId;

    public string Folder { get; }

    public DateTimeOffset StartedAt => _manifest.StartedAt;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void AddLeg(LegInfo leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        if (!LegIdRule.IsValid(leg.LegId)) throw new ArgumentException($"Leg id '{leg.LegId}' must be 1-64 letters, digits, '-', '_' or '.'.", nameof(leg));
        lock (_legsGate)
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            if (_legs.ContainsKey(leg.LegId)) throw new ArgumentException($"Leg '{leg.LegId}' already exists in call {CallId}.", nameof(leg));
            var spoolLeg = new SpoolLeg { LegId = leg.LegId, Role = leg.Role, Label = leg.Label, FileName = $"leg-{_legs.Count}.pcm" };
            var spool = new LegSpool(Path.Combine(Folder, spoolLeg.FileName));
            _legs.Add(leg.LegId, new LegSession(spoolLeg, spool, new LegPipeline(spool, StartedAt, _jitterWindowMs)));
            _manifest.Legs.Add(spoolLeg);
            _manifestDirty = true;
        }
    }

    public void Write(string legId, in AudioFrame frame)
    {
        LegSession? leg;
        lock (_legsGate)
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            if (!_legs.TryGetValue(legId, out leg)) throw new ArgumentException($"Leg '{legId}' is not part of call {CallId}.", nameof(legId));
        }

        lock (leg.Gate)
        {
            if (leg.Closed) return;
            try
            {
                leg.Pipeline.Accept(frame);
            }
            catch (ArgumentOutOfRangeException e)
            {
                // A sample rate out of range is bad input, not a host failure: count it, keep the call.
                leg.Pipeline.Counters.Malformed++;
                _intake.LogMalformedOnce(CallId, legId, e.Message);
            }
            catch (NotSupportedException e)
            {
                leg.Pipeline.Counters.Malformed++;
                _intake.LogMalformedOnce(CallId, legId, e.Message);
            }
        }
    }

    public void AddDtmf(string legId, DtmfEvent dtmf)
    {
        if (!"0123456789*#ABCD".Contains(char.ToUpperInvariant(dtmf.Digit), StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{dtmf.Digit}' is not a DTMF key.", nameof(dtmf));
        }

        lock (_legsGate)
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            if (!_legs.ContainsKey(legId)) throw new ArgumentException($"Leg '{legId}' is not part of call {CallId}.", nameof(legId));
            _manifest.Dtmf.Add(new SpoolDtmf(legId, char.ToUpperInvariant(dtmf.Digit), dtmf.At, (int)Math.Clamp(dtmf.Duration.TotalMilliseconds, 0, int.MaxValue)));
            _manifestDirty = true;
        }
    }

    public void UpdateMetadata(CallMetadataUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        _intake.QueueMetadataUpdate(CallId, update);
    }

    /// <summary>Pushes buffered audio to the OS (and to the disk when asked) and refreshes the manifest.</summary>
    public void Flush(bool toDisk)
    {
        LegSession[] legs;
        lock (_legsGate) legs = [.. _legs.Values];
        var rateChanged = false;
        var countersChanged = false;
        foreach (var leg in legs)
        {
            lock (leg.Gate)
            {
                if (leg.Closed) continue;
                leg.Spool.Flush(toDisk);
                rateChanged |= leg.RefreshSampleRate();
                countersChanged |= leg.RefreshCounters();
            }
        }

        lock (_legsGate)
        {
            // Rewriting call.json (a new file and a rename) costs a millisecond or more of file-system
            // work per call on a busy disk, more than decoding the call's packets: with thousands of
            // calls a rewrite on every 500 ms flush could not keep up. So it is rewritten at once
            // only when recovery depends on the change (a leg added, a sample rate learnt); counters
            // and the media end, which only fill in statistics after a crash, wait for the fsync flush.
            _manifestDirty |= rateChanged;
            _countersDirty |= countersChanged;
            if (!_manifestDirty && !(toDisk && _countersDirty)) return;
            _manifest.MediaEnd = legs.Length == 0 ? null : legs.Max(l => l.Pipeline.MediaEnd);
            _manifest.Write(Folder);
            _manifestDirty = false;
            _countersDirty = false;
        }
    }

    public async ValueTask CloseAsync(CallEndReason reason, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        LegSession[] legs;
        lock (_legsGate) legs = [.. _legs.Values];
        foreach (var leg in legs)
        {
            lock (leg.Gate)
            {
                leg.Pipeline.Flush();
                leg.RefreshSampleRate();
                leg.RefreshCounters();
                leg.Closed = true;
                leg.Spool.Dispose();
            }
        }

        lock (_legsGate)
        {
            _manifest.MediaEnd = legs.Length == 0 ? null : legs.Max(l => l.Pipeline.MediaEnd);
            _manifest.ClosedAt = _intake.Now;
            _manifest.EndReason = reason;
            _manifest.Write(Folder);
        }

        _logger.LogInformation("Call {CallId} closed ({Reason}) with {Legs} legs", CallId, reason, legs.Length);
        await _intake.OnClosedAsync(this, _manifest, recovered: false, cancellationToken);
    }

    public ValueTask DisposeAsync() => CloseAsync(CallEndReason.Unknown);

    private sealed class LegSession(SpoolLeg manifest, LegSpool spool, LegPipeline pipeline)
    {
        public Lock Gate { get; } = new();
        public SpoolLeg Manifest { get; } = manifest;
        public LegSpool Spool { get; } = spool;
        public LegPipeline Pipeline { get; } = pipeline;
        public bool Closed { get; set; }

        /// <returns>Whether it changed.</returns>
        public bool RefreshSampleRate()
        {
            var changed = Manifest.SampleRate != Pipeline.SampleRate;
            Manifest.SampleRate = Pipeline.SampleRate;
            return changed;
        }

        /// <returns>Whether they changed.</returns>
        public bool RefreshCounters()
        {
            if (Manifest.Counters == Pipeline.Counters) return false;
            Manifest.Counters = Pipeline.Counters with { };
            return true;
        }
    }
}
