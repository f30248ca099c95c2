using Microsoft.Extensions.DependencyInjection;
using RecAce.Web.Auth;
using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

internal static class TokenCreateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new CommandOptions(args, "--name", "--role", "--expires-days");
        var name = options.Required("--name");
        var role = Roles.Parse(options.Required("--role")) ?? throw new CommandLineException($"unknown role '{options.Required("--role")}'; use {string.Join(", ", Roles.All)}");
        int? days = options.Optional("--expires-days") is { } d
            ? int.TryParse(d, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new CommandLineException("--expires-days must be a positive number")
            : null;
        using var services = RecAceHost.BuildForCommand(options.HostArgs);
        RecAceHost.Migrate(services);
        var token = await services.GetRequiredService<ApiTokenStore>().CreateAsync(name, role, days is null ? null : TimeSpan.FromDays(days.Value), "cli", CancellationToken.None);
        // Only the token on stdout, so scripts can capture it.
        Console.Out.WriteLine(token);
        return 0;
    }
}
