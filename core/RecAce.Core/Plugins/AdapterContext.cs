using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RecAce.Plugins;

namespace RecAce.Core.Plugins;

/// <summary>
/// The <see cref="IAdapterContext"/> given to one adapter instance. A restarted plugin gets a new
/// instance and a new context, so a late <see cref="ReportFault"/> from a discarded instance cannot
/// fault its successor.
/// </summary>
public sealed class AdapterContext : IAdapterContext
{
    private readonly Action<Exception> _reportFault;

    /// <summary>Creates a context.</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <param name="configuration">The section <c>Plugins:&lt;id&gt;</c>.</param>
    /// <param name="loggerFactory">Creates the plugin's loggers (categories already prefixed with the plugin id).</param>
    /// <param name="timeProvider">The host's clock.</param>
    /// <param name="callSink">Where calls go.</param>
    /// <param name="audioFileDecoder">The host's audio file decoder.</param>
    /// <param name="stateDirectory">The plugin's state folder; must exist before the adapter starts.</param>
    /// <param name="reportFault">Called for <see cref="ReportFault"/>; must be safe to call more than once and from any thread.</param>
    public AdapterContext(string pluginId, IConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider timeProvider,
        ICallSink callSink, IAudioFileDecoder audioFileDecoder, string stateDirectory, Action<Exception> reportFault)
    {
        PluginId = pluginId ?? throw new ArgumentNullException(nameof(pluginId));
        Configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        LoggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        CallSink = callSink ?? throw new ArgumentNullException(nameof(callSink));
        AudioFileDecoder = audioFileDecoder ?? throw new ArgumentNullException(nameof(audioFileDecoder));
        StateDirectory = stateDirectory ?? throw new ArgumentNullException(nameof(stateDirectory));
        _reportFault = reportFault ?? throw new ArgumentNullException(nameof(reportFault));
    }

    /// <inheritdoc />
    public string PluginId { get; }

    /// <inheritdoc />
    public IConfiguration Configuration { get; }

    /// <inheritdoc />
    public ILoggerFactory LoggerFactory { get; }

    /// <inheritdoc />
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public ICallSink CallSink { get; }

    /// <inheritdoc />
    public IAudioFileDecoder AudioFileDecoder { get; }

    /// <inheritdoc />
    public string StateDirectory { get; }

    /// <inheritdoc />
    public void ReportFault(Exception exception) =>
        // A plugin passing null still means "I failed"; keep the report rather than throw into its background task.
        _reportFault(exception ?? new InvalidOperationException($"Plugin '{PluginId}' reported a fault without an exception."));
}
