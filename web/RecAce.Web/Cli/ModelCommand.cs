using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Transcription.Models;
using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

/// <summary>
/// <c>recace model install &lt;path&gt; [--allow-unknown]</c> and <c>recace model download &lt;name&gt; [--from &lt;base-url&gt;]</c>.
/// <c>--allow-unknown</c> accepts a valid ggml file whose hash is not an official model's; it is
/// meant for development and tests (a weightless test model), never for production.
/// </summary>
internal static class ModelCommand
{
    public static async Task<int> InstallAsync(string[] args)
    {
        var allowUnknown = args.Contains("--allow-unknown");
        var rest = args.Where(a => a != "--allow-unknown").ToArray();
        if (rest.Length == 0 || rest[0].StartsWith('-')) throw new CommandLineException("model install needs a file: recace model install <path> [--allow-unknown]");
        using var services = RecAceHost.BuildForCommand(rest[1..]);
        var installer = services.GetRequiredService<SpeechModelInstaller>();
        var model = await Run(() => installer.InstallAsync(rest[0], allowUnknown, CancellationToken.None));
        Console.Out.WriteLine($"installed {model.FileName} ({model.SizeBytes:N0} bytes, sha256 {model.Sha256}){(model.Known ? "" : " - not an official model, accepted with --allow-unknown")}");
        return 0;
    }

    public static async Task<int> DownloadAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) throw new CommandLineException($"model download needs a name: {string.Join(", ", SpeechModelCatalog.Models.Select(m => m.Name))}");
        var options = new CommandOptions(args[1..], "--from");
        using var services = RecAceHost.BuildForCommand(options.HostArgs);
        var store = services.GetRequiredService<SpeechModelStore>();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var downloader = new SpeechModelDownloader(http, services.GetRequiredService<SpeechModelInstaller>());
        var from = options.Optional("--from") is { } f ? new Uri(f.EndsWith('/') ? f : f + "/") : null;
        var model = await Run(() => downloader.DownloadAsync(args[0], Path.Combine(store.Folder, "downloads"), from, CancellationToken.None));
        Console.Out.WriteLine($"installed {model.FileName} ({model.SizeBytes:N0} bytes, sha256 {model.Sha256})");
        return 0;
    }

    private static async Task<InstalledSpeechModel> Run(Func<Task<InstalledSpeechModel>> action)
    {
        try
        {
            return await action();
        }
        catch (SpeechModelRejectedException e)
        {
            throw new CommandLineException("model rejected: " + e.Message);
        }
    }
}
