namespace RecAce.Plugin.FolderImport;

/// <summary>
/// Wakes the scan loop early when the file system watcher reports a change; the loop still wakes
/// every poll interval because watchers miss events (network shares, buffer overflows).
/// Thread safe: <see cref="Set"/> is called from watcher threads.
/// </summary>
internal sealed class ScanSignal
{
    private TaskCompletionSource _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _pending).TrySetResult();

    /// <summary>Waits for <see cref="Set"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var pending = Volatile.Read(ref _pending);
        using var delayStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeProvider, delayStop.Token);
        await Task.WhenAny(pending.Task, delay).ConfigureAwait(false);
        await delayStop.CancelAsync().ConfigureAwait(false);
        if (pending.Task.IsCompleted)
            Interlocked.CompareExchange(ref _pending, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), pending);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
