using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport.Tests.Fakes;

/// <summary>The host's side for adapter tests.</summary>
internal sealed class TestAdapterContext : IAdapterContext
{
    public TestAdapterContext(IDictionary<string, string?> settings, IAudioFileDecoder? decoder = null, string? stateDirectory = null)
    {
        Configuration = new DictionaryConfiguration(settings);
        AudioFileDecoder = decoder ?? new FfmpegAudioFileDecoder();
        StateDirectory = stateDirectory ?? Path.GetTempPath();
    }

    public string PluginId => "FolderImport";

    public IConfiguration Configuration { get; }

    public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public TimeProvider TimeProvider => TimeProvider.System;

    public RecordingCallSink Sink { get; } = new();

    public ICallSink CallSink => Sink;

    public IAudioFileDecoder AudioFileDecoder { get; }

    public string StateDirectory { get; }

    public ConcurrentQueue<Exception> Faults { get; } = new();

    public void ReportFault(Exception exception) => Faults.Enqueue(exception);
}

/// <summary>A flat key/value configuration section, enough for the adapter's key-by-key reads.</summary>
internal sealed class DictionaryConfiguration(IDictionary<string, string?> values) : IConfiguration
{
    public string? this[string key]
    {
        get => values.TryGetValue(key, out var value) ? value : null;
        set => values[key] = value;
    }

    public IEnumerable<IConfigurationSection> GetChildren() => [];

    public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

    public IConfigurationSection GetSection(string key) => throw new NotSupportedException();
}
