namespace RecAce.Core.Transcription.Search;

/// <summary>The first segment of a call that matches a text search.</summary>
/// <param name="SnippetHtml">HTML-encoded text around the match, the match itself in <c>&lt;mark&gt;</c>.</param>
public sealed record SearchHit(long SegmentId, Speaker Speaker, long StartMs, string SnippetHtml);
