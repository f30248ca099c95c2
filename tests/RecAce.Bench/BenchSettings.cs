using System.Globalization;

namespace RecAce.Bench;

/// <summary>Sizes of one bench run; <c>--quick</c> is the CI smoke size (well under 30 s).</summary>
internal sealed record BenchSettings(int Calls, int CallSeconds, int FinalizeSeconds, int Rounds, bool Quick)
{
    /// <summary>Only figure 1 (for profiling the intake).</summary>
    public bool SkipFinalize { get; init; }

    /// <summary>Calls stored for the call-list figure (1 million in a full run).</summary>
    public int ListRows { get; init; } = 1_000_000;

    /// <summary>Timed requests per call-list scenario.</summary>
    public int ListIterations { get; init; } = 40;

    /// <summary>Only the call-list figure.</summary>
    public bool OnlyCallList { get; init; }


    public static BenchSettings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var settings = quick
            ? new BenchSettings(Calls: 200, CallSeconds: 5, FinalizeSeconds: 30, Rounds: 3, Quick: true)
            : new BenchSettings(Calls: 2000, CallSeconds: 10, FinalizeSeconds: 600, Rounds: 5, Quick: false);
        settings = settings with
        {
            SkipFinalize = args.Contains("--skip-finalize"),
            OnlyCallList = args.Contains("--only-call-list"),
            ListRows = quick ? 50_000 : 1_000_000,
            ListIterations = quick ? 10 : 40,
        };
        for (var i = 0; i + 1 < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--calls" => settings with { Calls = Int(args[i + 1]) },
                "--seconds" => settings with { CallSeconds = Int(args[i + 1]) },
                "--finalize-seconds" => settings with { FinalizeSeconds = Int(args[i + 1]) },
                "--rounds" => settings with { Rounds = Int(args[i + 1]) },
                "--list-rows" => settings with { ListRows = Int(args[i + 1]) },
                _ => settings,
            };
        }

        return settings;
    }

    private static int Int(string s) => Math.Max(1, int.Parse(s, CultureInfo.InvariantCulture));
}
