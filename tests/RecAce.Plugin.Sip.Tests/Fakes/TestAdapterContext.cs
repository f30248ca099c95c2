using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests.Fakes;

/// <summary>The host's side for adapter tests.</summary>
internal sealed class TestAdapterContext(IDictionary<string, string?> settings) : IAdapterContext
{
    public string PluginId => "Sip";

    public IConfiguration Configuration { get; init; } = new DictionaryConfiguration(settings);

    public ListLoggerFactory Logs { get; } = new();

    public ILoggerFactory LoggerFactory => Logs;

    public TimeProvider TimeProvider => TimeProvider.System;

    public RecordingCallSink Sink { get; } = new();

    public ICallSink CallSink => Sink;

    /// <summary>The decoder given to the adapter; unset, decoding is not supported.</summary>
    public IAudioFileDecoder? Decoder { get; set; }

    public IAudioFileDecoder AudioFileDecoder => Decoder ?? throw new NotSupportedException();

    public string StateDirectory => Path.GetTempPath();

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
