using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Tests.Fakes;

/// <summary>The host's side for adapter tests.</summary>
internal sealed class TestAdapterContext(IDictionary<string, string?>? settings = null) : IAdapterContext
{
    public string PluginId => "Capture";

    public IConfiguration Configuration { get; } = new DictionaryConfiguration(settings ?? new Dictionary<string, string?>());

    public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public TimeProvider TimeProvider => TimeProvider.System;

    public RecordingCallSink Sink { get; } = new();

    public ICallSink CallSink => Sink;

    public IAudioFileDecoder AudioFileDecoder => throw new NotSupportedException();

    public string StateDirectory => Path.GetTempPath();

    public List<Exception> Faults { get; } = [];

    public void ReportFault(Exception exception) => Faults.Add(exception);
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
