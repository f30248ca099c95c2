using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RecAce.Plugins.Testing;

/// <summary>
/// The services the host gives an adapter, for tests: configuration from a dictionary as the
/// section <c>Plugins:&lt;id&gt;</c>, a recording sink, a temp state folder, and a record of faults.
/// </summary>
public sealed class ConformanceAdapterContext : IAdapterContext, IDisposable
{
    private readonly ConcurrentQueue<Exception> _faults = new();

    /// <summary>Creates a context.</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <param name="settings">Keys relative to <c>Plugins:&lt;id&gt;</c>, e.g. <c>Path</c>.</param>
    /// <param name="decoder">The file decoder to give the adapter; defaults to <see cref="WavFileDecoder"/>.</param>
    public ConformanceAdapterContext(string pluginId, IReadOnlyDictionary<string, string?> settings, IAudioFileDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PluginId = pluginId;
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(kv => new KeyValuePair<string, string?>($"Plugins:{pluginId}:{kv.Key}", kv.Value)))
            .Build();
        Configuration = root.GetSection($"Plugins:{pluginId}");
        AudioFileDecoder = decoder ?? new WavFileDecoder();
        StateDirectory = Path.Combine(Path.GetTempPath(), $"recace-conformance-{pluginId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(StateDirectory);
    }

    /// <inheritdoc />
    public string PluginId { get; }

    /// <inheritdoc />
    public IConfiguration Configuration { get; }

    /// <inheritdoc />
    public ILoggerFactory LoggerFactory { get; } = NullLoggerFactory.Instance;

    /// <inheritdoc />
    public TimeProvider TimeProvider { get; } = TimeProvider.System;

    /// <summary>The recording sink; its <see cref="ConformanceCallSink.Violations"/> must stay empty.</summary>
    public ConformanceCallSink Sink { get; } = new();

    /// <inheritdoc />
    public ICallSink CallSink => Sink;

    /// <inheritdoc />
    public IAudioFileDecoder AudioFileDecoder { get; }

    /// <inheritdoc />
    public string StateDirectory { get; }

    /// <summary>Faults the adapter reported.</summary>
    public IReadOnlyList<Exception> Faults => [.. _faults];

    /// <inheritdoc />
    public void ReportFault(Exception exception) => _faults.Enqueue(exception);

    /// <summary>Removes the state folder.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
