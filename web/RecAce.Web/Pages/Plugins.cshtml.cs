using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Web.Hosting;

namespace RecAce.Web.Pages;

public sealed class PluginsModel : PageModel
{
    private readonly PluginStatusView _plugins;

    public PluginsModel(PluginStatusView plugins) => _plugins = plugins;

    public IReadOnlyList<PluginStatusLine> Plugins { get; private set; } = [];

    public void OnGet() => Plugins = _plugins.Lines();
}
