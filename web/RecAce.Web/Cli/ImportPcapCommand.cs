using System.Globalization;
using RecAce.Core;
using RecAce.Core.Calls;
using RecAce.Core.Finalize;
using RecAce.Core.Media;
using RecAce.Core.Plugins;
using RecAce.Plugins;
using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

/// <summary>
/// <c>recace import-pcap &lt;file&gt;</c>: loads the Capture plugin through the plugin loader, imports the
/// file through its <see cref="IOfflineImporter"/> into the host's call intake, and finalizes the calls in
/// process, so they are finished (audio encoded, hashed, in the integrity chain) when the verb exits.
/// </summary>
internal static class ImportPcapCommand
{
    private const string PluginId = "Capture";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new CommandOptions(args);
        var file = options.HostArgs.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
            ?? throw new CommandLineException("import-pcap needs a capture file: recace import-pcap <file>");
        var hostArgs = options.HostArgs.Where(a => !ReferenceEquals(a, file)).ToArray();
        file = Path.GetFullPath(file);
        if (!File.Exists(file)) throw new CommandLineException($"no such file: {file}");

        var queue = new InProcessFinalizeQueue();
        using var services = RecAceHost.BuildForCommand(hostArgs, (s, _) =>
        {
            s.AddSingleton<MediaRunner>();
            s.AddSingleton<AudioFileDecoder>();
            s.AddSingleton<IFinalizeQueue>(queue);
            s.AddSingleton<CallIntake>();
            s.AddSingleton<CallFinalizer>();
        });
        RecAceHost.Migrate(services);

        var configuration = services.GetRequiredService<IConfiguration>();
        var recace = services.GetRequiredService<RecAceOptions>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var importer = LoadImporter(configuration, loggers);
        var intake = services.GetRequiredService<CallIntake>();
        var stateDirectory = Path.Combine(recace.DataDirectory, "plugins", PluginId);
        Directory.CreateDirectory(stateDirectory);
        var context = new AdapterContext(PluginId, configuration.GetSection($"Plugins:{PluginId}"), loggers, TimeProvider.System,
            intake.SinkFor(PluginId), services.GetRequiredService<AudioFileDecoder>(), stateDirectory,
            e => loggers.CreateLogger(typeof(ImportPcapCommand)).LogError(e, "The capture plugin reported a fault"));

        OfflineImportResult result;
        try
        {
            result = await importer.ImportAsync(file, context, CancellationToken.None);
        }
        catch (InvalidDataException e)
        {
            throw new CommandLineException($"cannot import {Path.GetFileName(file)}: {e.Message}");
        }

        var finalizer = services.GetRequiredService<CallFinalizer>();
        int finalized = 0, failed = 0;
        // Bounded: each closed call is queued once by the import; retries are left to the server.
        var seen = new HashSet<Guid>();
        while (queue.TryDequeue(out var callId))
        {
            if (!seen.Add(callId)) continue;
            if (await finalizer.FinalizeAsync(callId, CancellationToken.None)) finalized++;
            else failed++;
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {Path.GetFileName(file)}: {result.PacketsRead} packets, {result.CallsOpened} calls ({finalized} finalized{(failed > 0 ? $", {failed} to retry in the server" : "")}), {result.Errors} errors"));
        return 0;
    }

    private static IOfflineImporter LoadImporter(IConfiguration configuration, ILoggerFactory loggers)
    {
        var pluginsDirectory = configuration["RecAce:PluginsDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "plugins");
        var loader = new PluginLoader(typeof(ImportPcapCommand).Assembly.GetName().Version ?? new Version(1, 0), loggers.CreateLogger<PluginLoader>());
        // An explicit import runs even when live capture is not enabled in the configuration.
        var loaded = loader.Load(Path.Combine(pluginsDirectory, PluginId), _ => true);
        if (!loaded.IsLoaded)
            throw new CommandLineException($"the {PluginId} plugin is not available: {loaded.Message}");
        return loaded.InitialAdapter as IOfflineImporter
            ?? throw new CommandLineException($"the {PluginId} plugin does not import capture files");
    }
}
