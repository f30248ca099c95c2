using RecAce.Web.Hosting;

namespace RecAce.Web.Cli;

/// <summary>
/// The verbs of the <c>recace</c> binary. Errors end with a non-zero exit code and one line on
/// stderr; commands that create a secret print only the secret on stdout.
/// </summary>
internal static class CommandLine
{
    private const string Usage = "usage: recace [serve] | migrate | import-pcap <file> | token create --name <label> --role <Admin|Supervisor|Auditor|Staff> [--expires-days N] | user add --name <name> --role <role> [--extensions 201,202] (password on stdin) | verify-audit | verify [--all|<call id>] | verify-package <zip> [--public-key <pem>] | backup <folder> | restore <folder> [--force] | model install <path> [--allow-unknown] | model download <name> [--from <url>]";

    public static async Task<int> RunAsync(string[] args)
    {
        var (verb, rest) = SplitVerb(args);
        try
        {
            return verb switch
            {
                "serve" => await ServeCommand.RunAsync(rest),
                "migrate" => await MigrateCommand.RunAsync(rest),
                "import-pcap" => await ImportPcapCommand.RunAsync(rest),
                "token create" => await TokenCreateCommand.RunAsync(rest),
                "user add" => await UserAddCommand.RunAsync(rest),
                "model install" => await ModelCommand.InstallAsync(rest),
                "model download" => await ModelCommand.DownloadAsync(rest),
                "transcribe-worker" => await TranscribeWorkerCommand.RunAsync(),
                "verify-audit" => await VerifyAuditCommand.RunAsync(rest),
                "backup" => await BackupCommand.BackupAsync(rest),
                "restore" => await BackupCommand.RestoreAsync(rest),
                "verify" => await VerifyCommand.RunAsync(rest),
                "verify-package" => await VerifyPackageCommand.RunAsync(rest),
                "help" or "--help" or "-h" => PrintUsage(0),
                _ => Fail($"unknown command '{verb}'. {Usage}"),
            };
        }
        catch (CommandLineException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (verb != "serve")
        {
            return Fail(e.Message);
        }
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine("recace: " + message.ReplaceLineEndings(" "));
        return 2;
    }

    private static int PrintUsage(int code)
    {
        Console.Out.WriteLine(Usage);
        return code;
    }

    private static (string Verb, string[] Arguments) SplitVerb(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-') && args[0] is not ("--help" or "-h")) return ("serve", args);
        if (args[0] is "token" or "user" or "model" && args.Length > 1 && !args[1].StartsWith('-')) return ($"{args[0]} {args[1]}", args[2..]);
        return (args[0], args[1..]);
    }
}
