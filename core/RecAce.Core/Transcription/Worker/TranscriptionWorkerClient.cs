using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace RecAce.Core.Transcription.Worker;

/// <summary>
/// Runs each transcription in a worker process and supervises it: a crash (a bad model aborts with
/// exit 134), a kill or a hang past the timeout fails only that job, never the host. The worker's
/// whole process tree is killed on timeout, cancellation and host shutdown.
/// </summary>
public sealed class TranscriptionWorkerClient : ITranscriber, IDisposable
{
    private const int StderrTailLines = 15;
    private readonly WorkerLaunch _launch;
    private readonly TimeSpan _timeout;
    private readonly ILogger<TranscriptionWorkerClient> _logger;
    private readonly ConcurrentDictionary<int, Process> _running = new();

    public TranscriptionWorkerClient(WorkerLaunch launch, TimeSpan timeout, ILogger<TranscriptionWorkerClient> logger)
    {
        _launch = launch;
        _timeout = timeout;
        _logger = logger;
    }

    /// <summary>Process ids of the workers running now (for the admin and for tests).</summary>
    public IReadOnlyCollection<int> RunningProcessIds => [.. _running.Keys];

    public async Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, CancellationToken cancellationToken)
    {
        using var process = Start();
        var pid = process.Id;
        _running[pid] = process;
        try
        {
            return await SuperviseAsync(process, request, cancellationToken);
        }
        finally
        {
            _running.TryRemove(pid, out _);
            KillTree(process);
        }
    }

    public void Dispose()
    {
        foreach (var p in _running.Values) KillTree(p);
    }

    private Process Start()
    {
        var info = new ProcessStartInfo(_launch.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in _launch.Arguments) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new TranscriptionFailedException($"Could not start the transcription worker {_launch.Executable}: {e.Message}", e);
        }

        try
        {
            // Transcription must not starve live RTP reception or the admin.
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
        }

        _logger.LogInformation("Transcription worker {Pid} started", process.Id);
        return process;
    }

    private async Task<TranscriptionResult> SuperviseAsync(Process process, TranscriptionRequest request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        var stderr = new Queue<string>();
        var stderrTask = DrainAsync(process.StandardError, stderr);
        var segments = new List<TranscriptSegment>();
        WorkerDone? done = null;
        string? error = null;
        try
        {
            var job = new WorkerJob(request.ModelPath, request.VadModelPath,
                request.Channels.Select(c => new WorkerChannel(c.Speaker, c.PcmPath)).ToList(), request.Language, request.Threads);
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(job, WorkerMessage.Json).AsMemory(), timeout.Token);
            await process.StandardInput.FlushAsync(timeout.Token);
            process.StandardInput.Close();
            // A child the worker left behind can hold stdout open after the worker died: stop reading
            // shortly after the worker itself has exited.
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            _ = process.WaitForExitAsync(timeout.Token).ContinueWith(_ => StopSoon(reading), TaskScheduler.Default);
            try
            {
                while (await process.StandardOutput.ReadLineAsync(reading.Token) is { } line)
                {
                    if (Parse(line) is not { } m) continue;
                    if (m.Segment is { } s) segments.Add(new TranscriptSegment(s.Speaker, TimeSpan.FromMilliseconds(s.StartMs), TimeSpan.FromMilliseconds(s.EndMs), s.Text));
                    if (m.Done is { } d) done = d;
                    if (m.Error is { } e) error = e;
                }
            }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
            {
            }

            await process.WaitForExitAsync(timeout.Token);
            await Task.WhenAny(stderrTask, Task.Delay(TimeSpan.FromSeconds(2), timeout.Token));
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            if (ct.IsCancellationRequested) throw;
            throw new TranscriptionFailedException($"The transcription worker hung for more than {_timeout.TotalSeconds:0} s and was killed. {Tail(stderr)}");
        }
        catch (IOException e)
        {
            // The worker died while we were writing the job: its exit code below says why.
            _logger.LogDebug(e, "Pipe to worker {Pid} broke", process.Id);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        if (error is not null) throw new TranscriptionFailedException($"The transcription worker failed: {error}");
        if (process.ExitCode != 0 || done is null) throw new TranscriptionFailedException($"The transcription worker ended without a result ({Describe(process.ExitCode)}). {Tail(stderr)}".TrimEnd());
        return new TranscriptionResult(segments, TimeSpan.FromMilliseconds(done.AudioMs), TimeSpan.FromMilliseconds(done.SpeechMs));
    }

    private static void StopSoon(CancellationTokenSource reading)
    {
        try
        {
            reading.CancelAfter(TimeSpan.FromSeconds(2));
        }
        catch (ObjectDisposedException)
        {
            // The job finished first.
        }
    }

    private static WorkerMessage? Parse(string line)
    {
        if (!line.StartsWith('{')) return null;
        try
        {
            return JsonSerializer.Deserialize<WorkerMessage>(line, WorkerMessage.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Exit codes above 128 are a signal on Unix: 134 is an abort, 137 a kill.</summary>
    internal static string Describe(int exitCode) => exitCode switch
    {
        134 => "exit 134: aborted (SIGABRT), typically a bad or incomplete model",
        137 => "exit 137: killed (SIGKILL)",
        139 => "exit 139: crashed (SIGSEGV)",
        > 128 and < 160 => $"exit {exitCode}: ended by signal {exitCode - 128}",
        _ => $"exit {exitCode}",
    };

    private static async Task DrainAsync(StreamReader reader, Queue<string> tail)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (tail)
            {
                tail.Enqueue(line);
                while (tail.Count > StderrTailLines) tail.Dequeue();
            }
        }
    }

    private static string Tail(Queue<string> tail)
    {
        lock (tail) return tail.Count == 0 ? "" : "Last output: " + string.Join(" | ", tail);
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }
}
