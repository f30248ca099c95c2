using Microsoft.Extensions.Logging;

namespace RecAce.Plugin.FolderImport;

/// <summary>
/// The adapter's background work: scan the folder on every watcher event and every poll interval,
/// wait until each file is stable, import files one at a time and move each to its outcome folder.
/// A problem with one file never stops the loop.
/// </summary>
internal sealed class FolderScanLoop
{
    // Coalesces the bursts of change events a recorder's writes cause into one scan.
    private static readonly TimeSpan s_minimumScanGap = TimeSpan.FromMilliseconds(200);

    private readonly FolderImportOptions _options;
    private readonly ImportFolder _folder;
    private readonly RecordingImporter _importer;
    private readonly ImportCounters _counters;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly StableFileTracker _tracker;
    private readonly ScanSignal _signal = new();
    // Files that could not even be moved away: skipped (and not logged again) until they change.
    private readonly Dictionary<string, FileState> _stuck = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private bool _watcherFailed;
    private volatile string? _problem;

    public FolderScanLoop(FolderImportOptions options, ImportFolder folder, RecordingImporter importer, ImportCounters counters, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _folder = folder;
        _importer = importer;
        _counters = counters;
        _timeProvider = timeProvider;
        _logger = logger;
        _tracker = new StableFileTracker(options.StableFor);
    }

    /// <summary>What keeps the folder from being watched, or null when it is watched.</summary>
    public string? Problem => _problem;

    /// <summary>Checks the folder once, before the loop starts, so health is right from the start.</summary>
    public void Prepare() => SetProblem(_folder.Prepare());

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ScanAsync(cancellationToken).ConfigureAwait(false);
                await _signal.WaitAsync(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
                await Task.Delay(s_minimumScanGap, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _watcher?.Dispose();
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        SetProblem(_folder.Prepare());
        if (_problem is not null)
        {
            StopWatching();
            return;
        }
        StartWatching();

        IReadOnlyList<string> recordings;
        try
        {
            recordings = _folder.ListRecordings(_options.Extensions, _options.IncludeSubdirectories);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SetProblem($"Import folder '{_folder.Root}' cannot be listed: {ex.Message}");
            StopWatching();
            return;
        }

        _tracker.RetainOnly(recordings);
        foreach (var path in _stuck.Keys.Where(p => !recordings.Contains(p, StringComparer.Ordinal)).ToList())
            _stuck.Remove(path);

        var now = _timeProvider.GetUtcNow();
        var ready = new List<(string Path, FileState State)>();
        foreach (var path in recordings)
        {
            if (FileState.Read(path) is not { } state)
                continue;
            if (_stuck.TryGetValue(path, out var stuckState) && stuckState == state)
                continue;
            if (_tracker.IsStable(path, state, now))
                ready.Add((path, state));
        }

        var pending = recordings.Count - _stuck.Count;
        _counters.SetPending(pending);
        foreach (var (path, state) in ready)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ProcessAsync(path, state, cancellationToken).ConfigureAwait(false))
                _counters.SetPending(--pending);
        }
    }

    /// <returns>True when the file left the folder.</returns>
    private async Task<bool> ProcessAsync(string path, FileState state, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        ImportOutcome outcome;
        try
        {
            outcome = await _importer.ImportAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Importing {File} failed unexpectedly; moving it to {Folder}/", name, ImportFolder.FailedName);
            outcome = ImportOutcome.Failed($"unexpected error: {ex.GetType().Name}: {ex.Message}");
        }

        _tracker.Forget(path);
        try
        {
            switch (outcome.Kind)
            {
                case ImportOutcomeKind.Imported:
                    _folder.MoveToDone(path);
                    _counters.CountImported();
                    return true;
                case ImportOutcomeKind.Failed:
                    _logger.LogWarning("Refused {File}: {Reason}; moved to {Folder}/", name, outcome.Reason, ImportFolder.FailedName);
                    _folder.MoveToFailed(path, outcome.Reason!);
                    _counters.CountFailed();
                    return true;
                case ImportOutcomeKind.Duplicate:
                    _logger.LogWarning("Skipped {File}: {Reason}; moved to {Folder}/", name, outcome.Reason, ImportFolder.DuplicateName);
                    _folder.MoveToDuplicate(path, outcome.Reason!);
                    _counters.CountDuplicate();
                    return true;
                default:
                    _logger.LogDebug("Left {File} to try again later: {Reason}", name, outcome.Reason);
                    return false;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Cannot move {File} after import outcome {Outcome}; it is skipped until it changes", name, outcome.Kind);
            _stuck[path] = state;
            return false;
        }
    }

    private void SetProblem(string? problem)
    {
        if (problem == _problem)
            return;
        if (problem is null)
            _logger.LogInformation("Watching import folder {Path}", _folder.Root);
        else
            _logger.LogError("{Problem}", problem);
        _problem = problem;
    }

    private void StartWatching()
    {
        if (_watcher is not null || _watcherFailed)
            return;
        try
        {
            var watcher = new FileSystemWatcher(_folder.Root)
            {
                IncludeSubdirectories = _options.IncludeSubdirectories,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite,
            };
            watcher.Created += (_, _) => _signal.Set();
            watcher.Changed += (_, _) => _signal.Set();
            watcher.Renamed += (_, _) => _signal.Set();
            watcher.Error += (_, _) => _signal.Set();
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Polling alone still finds every file, only later; say so once.
            _watcherFailed = true;
            _logger.LogWarning(ex, "Cannot watch {Path} for changes; relying on polling every {Interval}", _folder.Root, _options.PollInterval);
        }
    }

    private void StopWatching()
    {
        _watcher?.Dispose();
        _watcher = null;
    }
}
