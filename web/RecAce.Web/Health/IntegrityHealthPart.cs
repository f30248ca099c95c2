using System.Globalization;
using RecAce.Core;
using RecAce.Core.Evidence;

namespace RecAce.Web.Health;

/// <summary>/healthz <c>integrity</c>: the last verification's result. Tampering degrades the server's health; it keeps recording.</summary>
internal sealed class IntegrityHealthPart : IHealthPart
{
    private readonly IntegrityRuns _runs;
    private readonly TimeZoneInfo _zone;

    public IntegrityHealthPart(IntegrityRuns runs, RecAceOptions options)
    {
        _runs = runs;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    }

    public string Name => "integrity";

    public object Check()
    {
        var last = _runs.Last();
        if (last is null) return new Part("NotConfigured", "not verified yet");
        var at = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(last.AtMs), _zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
        if (last.Intact) return new Part("Healthy", $"last verified {at} ({last.Scope}): intact, {last.CallsChecked} calls, {last.EntriesChecked} chain entries");
        var problems = last.Problems?.Split('\n') ?? [];
        return new Part("Degraded", $"last verified {at} ({last.Scope}): {problems.Length} problems; first: {problems.FirstOrDefault()}");
    }
}
