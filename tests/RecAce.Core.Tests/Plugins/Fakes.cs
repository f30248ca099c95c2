using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Plugins;

/// <summary>A call sink the test plugins never use; opening a call is a test failure.</summary>
internal sealed class UnusedCallSink : ICallSink
{
    public ValueTask<ICallRecording> OpenCallAsync(CallInfo call, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No test plugin opens calls.");
}

/// <summary>A decoder the test plugins never use.</summary>
internal sealed class UnusedAudioFileDecoder : IAudioFileDecoder
{
    public Task<AudioFileInfo> ProbeAsync(string path, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No test plugin decodes audio.");

    public Task<DecodedAudio> DecodeAsync(string path, int sampleRate, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No test plugin decodes audio.");
}

/// <summary>Keeps every log entry so tests can check what was logged, and how often.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, Entries);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
