using Microsoft.Extensions.DependencyInjection;
using RecAce.Web.Auth;
using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

internal static class UserAddCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new CommandOptions(args, "--name", "--role", "--extensions");
        var name = options.Required("--name");
        var role = Roles.Parse(options.Required("--role")) ?? throw new CommandLineException($"unknown role; use {string.Join(", ", Roles.All)}");
        // The password comes on stdin, never as an argument: arguments are visible to every user in ps.
        var password = await Console.In.ReadLineAsync() ?? "";
        using var services = RecAceHost.BuildForCommand(options.HostArgs);
        RecAceHost.Migrate(services);
        await services.GetRequiredService<UserStore>().AddAsync(name, password, role, options.Optional("--extensions"), "cli", CancellationToken.None);
        Console.Out.WriteLine($"user '{name}' added with role {role}");
        return 0;
    }
}
