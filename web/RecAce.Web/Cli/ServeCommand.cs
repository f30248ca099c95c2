using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = RecAceHost.Build(args);
        await app.RunAsync();
        return 0;
    }
}
