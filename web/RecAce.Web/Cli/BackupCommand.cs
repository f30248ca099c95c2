using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Core;
using RecAce.Core.Audit;
using RecAce.Core.Backup;
using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

/// <summary>
/// <c>recace backup &lt;folder&gt;</c> (safe while the server runs; run it nightly to the same folder on another
/// disk or a NAS, only new recordings are copied) and <c>recace restore &lt;folder&gt; [--force]</c> (server
/// stopped). Restore then checks the audit trail and names recordings the backup lacked; exit 1 when any.
/// </summary>
internal static class BackupCommand
{
    public static async Task<int> BackupAsync(string[] args)
    {
        var (folder, hostArgs) = Folder(args, "backup");
        using var services = RecAceHost.BuildForCommand(hostArgs, (s, _) => s.AddSingleton<DataBackup>());
        RecAceHost.Migrate(services);
        var result = await services.GetRequiredService<DataBackup>().CreateAsync(folder, Actor(), CancellationToken.None);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backup written to {Path.GetFullPath(folder)}: {result.Manifest.Recordings} recordings, {result.FilesCopied} files copied ({result.BytesCopied / (1024.0 * 1024):0.0} MiB), {result.FilesUnchanged} already there"));
        return 0;
    }

    public static async Task<int> RestoreAsync(string[] args)
    {
        var force = args.Contains("--force");
        var (folder, hostArgs) = Folder(args.Where(a => a != "--force").ToArray(), "restore");
        RestoreResult result;
        using (var config = RecAceHost.BuildForCommand(hostArgs))
        {
            var options = config.GetRequiredService<RecAceOptions>();
            // Checked before anything in the data folder is touched.
            if (!config.GetRequiredService<RecAce.Data.DatabaseFactory>().IsSqlite) throw new BackupException(DataBackup.PostgresRefusal);
            result = await DataRestore.RunAsync(folder, options.DataDirectory, force, TimeProvider.System, CancellationToken.None);
        }

        // A fresh provider: the restored database and head file are the ones read now.
        using var services = RecAceHost.BuildForCommand(hostArgs);
        RecAceHost.Migrate(services);
        var audit = await services.GetRequiredService<AuditVerifier>().VerifyAsync(CancellationToken.None);
        await services.GetRequiredService<AuditLog>().WriteAsync(Actor(), "backup.restore", Path.GetFullPath(folder),
            string.Create(CultureInfo.InvariantCulture, $"snapshot of {result.Manifest.CreatedAt:O}, {result.MissingRecordings.Count} recordings missing"), null, CancellationToken.None);
        if (result.SetAside is { } aside) Console.Out.WriteLine($"the previous database was kept as {aside}");
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"restored the backup of {result.Manifest.CreatedAt:O}: {result.Manifest.Recordings} recordings, {result.FilesCopied} files"));
        foreach (var missing in result.MissingRecordings) Console.Out.WriteLine($"recording missing: {missing}");
        Console.Out.WriteLine(audit.Intact ? $"audit trail intact: {audit.Checked} entries" : $"audit trail TAMPERED: {audit.Problem}");
        return audit.Intact && result.MissingRecordings.Count == 0 ? 0 : 1;
    }

    private static (string Folder, string[] HostArgs) Folder(string[] args, string verb)
    {
        var options = new CommandOptions(args);
        var folder = options.HostArgs.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
            ?? throw new CommandLineException($"{verb} needs a folder: recace {verb} <folder>");
        return (folder, options.HostArgs.Where(a => !ReferenceEquals(a, folder)).ToArray());
    }

    private static string Actor() => "cli:" + Environment.UserName;
}
