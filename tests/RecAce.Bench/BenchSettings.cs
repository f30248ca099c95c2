using System.Globalization;

namespace RecAce.Bench;

/// <summary>Sizes of one bench run; <c>--quick</c> is the CI smoke size (well under 30 s).</summary>
internal sealed record BenchSettings(int Calls, int CallSeconds, int FinalizeSeconds, int Rounds, bool Quick)
{
    /// <summary>Only figure 1 (for profiling the intake).</summary>
    public bool SkipFinalize { get; init; }


    public static BenchSettings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var settings = quick
            ? new BenchSettings(Calls: 200, CallSeconds: 5, FinalizeSeconds: 30, Rounds: 3, Quick: true)
            : new BenchSettings(Calls: 2000, CallSeconds: 10, FinalizeSeconds: 600, Rounds: 5, Quick: false);
        settings = settings with { SkipFinalize = args.Contains("--skip-finalize") };
        for (var i = 0; i + 1 < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--calls" => settings with { Calls = Int(args[i + 1]) },
                "--seconds" => settings with { CallSeconds = Int(args[i + 1]) },
                "--finalize-seconds" => settings with { FinalizeSeconds = Int(args[i + 1]) },
                "--rounds" => settings with { Rounds = Int(args[i + 1]) },
                _ => settings,
            };
        }

        return settings;
    }

    private static int Int(string s) => Math.Max(1, int.Parse(s, CultureInfo.InvariantCulture));
}
