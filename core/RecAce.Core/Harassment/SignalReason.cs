namespace RecAce.Core.Harassment;

/// <summary>Kinds of signal, as stored in a reason.</summary>
public static class SignalKinds
{
    public const string LongCall = "long-call";
    public const string RepeatCaller = "repeat-caller";
    public const string Shouting = "shouting";
    public const string CrossTalk = "cross-talk";
    public const string Phrase = "phrase";
}

/// <summary>One reason a call scored: what was found, its points, the category it suggests and the measured detail (minutes, calls, dBFS, the phrase).</summary>
public sealed record SignalReason(string Kind, int Points, IncidentCategory? Category, string Detail);

/// <summary>A call's analysis: the total score, its reasons and the categories they suggest.</summary>
public sealed record CallSignals(Guid CallId, int Score, IReadOnlyList<SignalReason> Reasons, IReadOnlyList<IncidentCategory> Categories, bool WithTranscript, long AnalyzedAtMs);
