using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace RecAce.Plugins;

/// <summary>
/// What the host gives an adapter when it starts. Thread safety: every member may be used from
/// any thread.
/// </summary>
public interface IAdapterContext
{
    /// <summary>The plugin id from <c>plugin.json</c>, for example <c>FolderImport</c>.</summary>
    string PluginId { get; }

    /// <summary>
    /// The configuration section <c>Plugins:&lt;id&gt;</c>. Bind it with
    /// <c>ConfigurationBinder.Bind</c> or read keys directly. Never null; empty when nothing is configured.
    /// </summary>
    IConfiguration Configuration { get; }

    /// <summary>Creates loggers; categories are prefixed by the host with the plugin id.</summary>
    ILoggerFactory LoggerFactory { get; }

    /// <summary>The host's clock. Use it instead of <see cref="DateTimeOffset.UtcNow"/> so tests can control time.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Where calls go.</summary>
    ICallSink CallSink { get; }

    /// <summary>Decodes audio files with the host's one media runner (bounded, logged, time-limited).</summary>
    IAudioFileDecoder AudioFileDecoder { get; }

    /// <summary>
    /// A folder the plugin may keep state in (<c>&lt;DataDirectory&gt;/plugins/&lt;id&gt;</c>).
    /// Created by the host before <see cref="ITelephonyAdapter.StartAsync"/>.
    /// </summary>
    string StateDirectory { get; }

    /// <summary>
    /// Tells the host that background work failed and the adapter cannot go on. The host marks
    /// the plugin Faulted, stops it and restarts it with back-off. Safe to call more than once.
    /// </summary>
    /// <param name="exception">What failed; logged once with the plugin id.</param>
    void ReportFault(Exception exception);
}
