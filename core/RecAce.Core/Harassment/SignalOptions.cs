namespace RecAce.Core.Harassment;

/// <summary>Harassment signals and score (<c>RecAce:Signals:*</c>). Each signal found adds its points; a call at or over <see cref="FlagScore"/> enters the review queue.</summary>
public sealed class SignalOptions
{
    public const string SectionName = "RecAce:Signals";

    /// <summary>Analyze calls at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Score at which a call is flagged for review. Default 50.</summary>
    public int FlagScore { get; set; } = 50;

    /// <summary>A call longer than this is a long call (時間拘束), in minutes. Default 30.</summary>
    public double LongCallMinutes { get; set; } = 30;

    /// <summary>Points for a long call. Default 30.</summary>
    public int LongCallPoints { get; set; } = 30;

    /// <summary>This many calls (this one included) from one number within <see cref="RepeatWindowHours"/> make a repeat caller (リピート). Default 5.</summary>
    public int RepeatCalls { get; set; } = 5;

    /// <summary>The window for <see cref="RepeatCalls"/>, in hours before the call's start. Default 168 (7 days).</summary>
    public double RepeatWindowHours { get; set; } = 168;

    /// <summary>Points for a repeat caller. Default 30.</summary>
    public int RepeatPoints { get; set; } = 30;

    /// <summary>Loudness window, in milliseconds. Default 400.</summary>
    public int LoudnessWindowMs { get; set; } = 400;

    /// <summary>A window of the outside party's channel at or above this RMS level (dBFS) is shouting. Default -14.</summary>
    public double ShoutDbfs { get; set; } = -14;

    /// <summary>Shouting counts once the loud windows add up to this many seconds. Default 2.</summary>
    public double ShoutSeconds { get; set; } = 2;

    /// <summary>Points for shouting (暴言). Default 30.</summary>
    public int ShoutPoints { get; set; } = 30;

    /// <summary>A channel window at or above this RMS level (dBFS) counts as someone speaking, for cross-talk. Default -40.</summary>
    public double ActiveDbfs { get; set; } = -40;

    /// <summary>Cross-talk counts when both sides speak at once for at least this share of the time anyone speaks (0–1). Default 0.25.</summary>
    public double CrossTalkRatio { get; set; } = 0.25;

    /// <summary>At least this much speech, in seconds, before cross-talk is judged. Default 10.</summary>
    public double CrossTalkMinSpeechSeconds { get; set; } = 10;

    /// <summary>Points for cross-talk. Default 15.</summary>
    public int CrossTalkPoints { get; set; } = 15;

    /// <summary>Points for each distinct lexicon phrase the outside party said. Default 25.</summary>
    public int PhrasePoints { get; set; } = 25;

    /// <summary>
    /// Phrases (Japanese) and the category each suggests (code, English name or Japanese label).
    /// Configured entries add to the defaults or replace them; an empty category removes a default.
    /// </summary>
    public Dictionary<string, string> Lexicon { get; set; } = new(StringComparer.Ordinal);
}
