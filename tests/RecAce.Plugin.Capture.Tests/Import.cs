using RecAce.Plugin.Capture.Tests.Fakes;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Tests;

/// <summary>Runs the adapter's offline import on a file into a fake sink.</summary>
internal static class Import
{
    public static async Task<(OfflineImportResult Result, TestAdapterContext Context)> FileAsync(string path, IDictionary<string, string?>? settings = null)
    {
        var context = new TestAdapterContext(settings);
        using var adapter = new CaptureAdapter();
        var result = await adapter.ImportAsync(path, context, CancellationToken.None);
        return (result, context);
    }
}
