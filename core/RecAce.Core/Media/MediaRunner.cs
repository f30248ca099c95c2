using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace RecAce.Core.Media;

/// <summary>
/// The one way RecAce runs ffmpeg and ffprobe: bounded concurrency, full command line logged,
/// stdout and stderr drained together, a timeout then a kill of the whole process tree, and a
/// typed <see cref="MediaProcessException"/> carrying the stderr tail on failure.
/// </summary>
public sealed class MediaRunner : IDisposable
{
    private const int StderrTailLines = 20;
    private readonly SemaphoreSlim _slots;
    private readonly FfmpegOptions _options;
    private readonly ILogger<MediaRunner> _logger;

    public MediaRunner(FfmpegOptions options, ILogger<MediaRunner> logger)
    {
        _options = options;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
    }

    public string FfmpegPath => _options.FfmpegPath;

    public string FfprobePath => _options.FfprobePath;

    /// <summary>Runs a process to the end.</summary>
    /// <param name="stdout">Receives standard output; null to discard it.</param>
    /// <param name="timeout">Longest run; null for the configured default.</param>
    public async Task RunAsync(string executable, IReadOnlyList<string> arguments, Stream? stdout, CancellationToken ct, TimeSpan? timeout = null)
    {
        var commandLine = executable + " " + string.Join(' ', arguments.Select(Quote));
        await _slots.WaitAsync(ct);
        try
        {
            _logger.LogInformation("Running {CommandLine}", commandLine);
            using var process = new Process
            {
                StartInfo = new ProcessStartInfo(executable)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    RedirectStandardInput = false,
                    UseShellExecute = false,
                    CreateNoWindow = true,
                },
            };
            foreach (var a in arguments) process.StartInfo.ArgumentList.Add(a);
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new MediaProcessException($"Could not start {executable}: {e.Message}", commandLine, null, "");
            }

            TryLowerPriority(process);
            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeoutCts.CancelAfter(timeout ?? TimeSpan.FromSeconds(_options.TimeoutSeconds));

            // Both pipes are drained at once: a full stderr pipe makes ffmpeg block forever.
            var stderr = new StderrTail(StderrTailLines);
            var stderrTask = DrainStderrAsync(process.StandardError, stderr);
            var stdoutTask = stdout is null
                ? process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, timeoutCts.Token)
                : process.StandardOutput.BaseStream.CopyToAsync(stdout, timeoutCts.Token);
            try
            {
                await stdoutTask;
                await process.WaitForExitAsync(timeoutCts.Token);
                await stderrTask;
            }
            catch (OperationCanceledException)
            {
                KillTree(process);
                if (ct.IsCancellationRequested) throw;
                throw new MediaProcessException("Timed out", commandLine, null, stderr.ToString());
            }

            if (process.ExitCode != 0)
            {
                throw new MediaProcessException($"{Path.GetFileName(executable)} failed", commandLine, process.ExitCode, stderr.ToString());
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Runs ffmpeg to write <paramref name="outputFile"/>; a missing or empty output file is a failure too.</summary>
    public async Task RunFfmpegToFileAsync(IReadOnlyList<string> arguments, string outputFile, CancellationToken ct)
    {
        await RunAsync(FfmpegPath, arguments, null, ct);
        var info = new FileInfo(outputFile);
        if (!info.Exists || info.Length == 0)
        {
            throw new MediaProcessException("ffmpeg exited 0 but wrote no output", FfmpegPath + " " + string.Join(' ', arguments), 0, outputFile);
        }
    }

    public void Dispose() => _slots.Dispose();

    private static async Task DrainStderrAsync(StreamReader reader, StderrTail tail)
    {
        while (await reader.ReadLineAsync() is { } line) tail.Add(line);
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void TryLowerPriority(Process process)
    {
        try
        {
            // Encoding must not starve live RTP reception.
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
        }
    }

    private static string Quote(string a) => a.Length > 0 && a.All(c => !char.IsWhiteSpace(c) && c is not '"' and not '\'') ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private sealed class StderrTail(int lines)
    {
        private readonly Queue<string> _lines = new();

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Enqueue(line);
                while (_lines.Count > lines) _lines.Dequeue();
            }
        }

        public override string ToString()
        {
            lock (_lines) return new StringBuilder().AppendJoin('\n', _lines).ToString();
        }
    }
}
