using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Evidence;
using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

/// <summary>
/// <c>recace verify [--all|&lt;call id&gt;]</c>: re-hashes recordings and checks call rows, the
/// integrity chain, its head and the signed checkpoints. Exit 0 when intact; 1 with one line per
/// call (or chain problem) that changed.
/// </summary>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new CommandOptions(args);
        Guid? only = null;
        var hostArgs = new List<string>();
        foreach (var a in options.HostArgs)
        {
            if (a == "--all") continue;
            if (Guid.TryParse(a, out var id) && only is null) only = id;
            else if (a.StartsWith("--", StringComparison.Ordinal)) hostArgs.Add(a);
            else throw new CommandLineException($"'{a}' is not a call id: recace verify [--all|<call id>]");
        }

        using var services = RecAceHost.BuildForCommand([.. hostArgs]);
        RecAceHost.Migrate(services);
        var report = await services.GetRequiredService<IntegrityRuns>().RunAsync("cli:" + Environment.UserName, only, null, CancellationToken.None);
        if (report.Intact)
        {
            Console.Out.WriteLine($"integrity intact: {report.CallsChecked} calls, {report.EntriesChecked} chain entries ({report.Duration.TotalSeconds:0.0} s)");
            return 0;
        }

        foreach (var line in report.Problems) Console.Out.WriteLine(line);
        Console.Out.WriteLine($"integrity TAMPERED: {report.Problems.Count} problems ({report.CallsChecked} calls, {report.EntriesChecked} chain entries checked)");
        return 1;
    }
}
