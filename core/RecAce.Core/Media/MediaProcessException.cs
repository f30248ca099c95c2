namespace RecAce.Core.Media;

/// <summary>A media process (ffmpeg, ffprobe) failed: non-zero exit, timeout, or missing/empty output.</summary>
public sealed class MediaProcessException : Exception
{
    public MediaProcessException() { }

    public MediaProcessException(string message) : base(message) { }

    public MediaProcessException(string message, Exception innerException) : base(message, innerException) { }

    public MediaProcessException(string message, string commandLine, int? exitCode, string stderrTail)
        : base($"{message} (exit {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): {stderrTail}")
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StderrTail = stderrTail;
    }

    /// <summary>The full command line that ran.</summary>
    public string CommandLine { get; } = "";

    /// <summary>The exit code, or null when the process was killed (timeout, cancellation).</summary>
    public int? ExitCode { get; }

    /// <summary>The last lines ffmpeg wrote to stderr: usually the reason.</summary>
    public string StderrTail { get; } = "";
}
