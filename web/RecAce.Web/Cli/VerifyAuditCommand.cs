using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Audit;
using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

/// <summary><c>recace verify-audit</c>: checks the audit trail's hash chain. Exit 0 when intact, 1 when tampered with.</summary>
internal static class VerifyAuditCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new CommandOptions(args);
        using var services = RecAceHost.BuildForCommand(options.HostArgs);
        RecAceHost.Migrate(services);
        var result = await services.GetRequiredService<AuditVerifier>().VerifyAsync(CancellationToken.None);
        if (result.Intact)
        {
            Console.Out.WriteLine($"audit trail intact: {result.Checked} entries");
            return 0;
        }

        Console.Out.WriteLine($"audit trail TAMPERED: {result.Problem} ({result.Checked} entries checked before it)");
        return 1;
    }
}
