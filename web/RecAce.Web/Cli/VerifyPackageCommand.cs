using RecAce.Core.Evidence;
using RecAce.Core.Evidence.Packages;

namespace RecAce.Web.Cli;

/// <summary>
/// <c>recace verify-package &lt;zip&gt; [--public-key &lt;pem&gt;] [--max-entry-mb N]</c>: checks an evidence
/// package offline, without a database or configuration. Exit 0 when everything holds; 1 naming
/// each check that failed.
/// </summary>
internal static class VerifyPackageCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new CommandOptions(args, "--public-key", "--max-entry-mb");
        var zip = options.HostArgs.Length == 1 && !options.HostArgs[0].StartsWith("--", StringComparison.Ordinal)
            ? options.HostArgs[0]
            : throw new CommandLineException("usage: recace verify-package <zip> [--public-key <pem file>] [--max-entry-mb N]");
        if (!File.Exists(zip)) throw new CommandLineException($"no such file: {zip}");
        string? expectedKey = null;
        if (options.Optional("--public-key") is { } keyFile)
        {
            if (!File.Exists(keyFile)) throw new CommandLineException($"no such public key file: {keyFile}");
            expectedKey = await File.ReadAllTextAsync(keyFile);
            if (ServerKey.KeyIdOf(expectedKey) is null) throw new CommandLineException($"{keyFile} is not a PEM public key");
        }

        var maxMb = new EvidenceOptions().MaxPackageEntryMb;
        if (options.Optional("--max-entry-mb") is { } text && (!long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out maxMb) || maxMb < 1))
            throw new CommandLineException("--max-entry-mb must be a positive number");

        var report = await PackageVerifier.VerifyAsync(Path.GetFullPath(zip), expectedKey, maxMb * 1024 * 1024, CancellationToken.None);
        foreach (var line in report.Passed) Console.Out.WriteLine("ok      " + line);
        foreach (var line in report.Failed) Console.Out.WriteLine("FAILED  " + line);
        Console.Out.WriteLine(report.Intact ? "evidence package intact" : $"evidence package NOT intact: {report.Failed.Count} checks failed");
        return report.Intact ? 0 : 1;
    }
}
