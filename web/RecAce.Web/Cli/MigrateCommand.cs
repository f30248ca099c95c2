using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

internal static class MigrateCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = new CommandOptions(args);
        using var services = RecAceHost.BuildForCommand(options.HostArgs);
        var applied = RecAceHost.Migrate(services);
        Console.Out.WriteLine(applied.Count == 0 ? "database schema is current" : $"applied migrations: {string.Join(", ", applied)}");
        return Task.FromResult(0);
    }
}
