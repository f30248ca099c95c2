using Microsoft.Extensions.Logging;

namespace RecAce.Core.Plugins;

/// <summary>
/// The logger factory a plugin sees: categories become <c>Plugins.&lt;id&gt;.&lt;category&gt;</c> so
/// log filters and readers can tell plugins apart. The host owns the providers: a plugin can neither
/// add one nor dispose the host's factory.
/// </summary>
internal sealed class PluginLoggerFactory(ILoggerFactory inner, string pluginId) : ILoggerFactory
{
    private readonly string _prefix = $"Plugins.{pluginId}.";

    public ILogger CreateLogger(string categoryName) => inner.CreateLogger(_prefix + categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("Plugins cannot add logging providers; the host configures logging.");

    public void Dispose()
    {
        // The host's factory outlives every plugin instance.
    }
}
