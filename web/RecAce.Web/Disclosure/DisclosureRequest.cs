using System.Text.Json.Serialization;

namespace RecAce.Web.Disclosure;

/// <summary>
/// A disclosure (開示請求) export as asked for: why, which stretches of the audio to mute, and which
/// text to mask. The body of <c>POST /api/v1/calls/{id}/disclosure</c>.
/// </summary>
public sealed record DisclosureRequest(
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("mutedRanges")] IReadOnlyList<MutedRange>? MutedRanges,
    [property: JsonPropertyName("textMasks")] IReadOnlyList<TextMask>? TextMasks);

/// <summary>A stretch of the call to silence, in seconds from its start; <see cref="From"/> &lt; <see cref="To"/>.</summary>
public sealed record MutedRange([property: JsonPropertyName("from")] double From, [property: JsonPropertyName("to")] double To);

/// <summary>
/// Text to mask: either characters <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive) of
/// one segment's text, counted in UTF-16 code units as JavaScript counts them, or every occurrence
/// of <see cref="Text"/> in the whole transcript.
/// </summary>
public sealed record TextMask(
    [property: JsonPropertyName("segmentId")] long? SegmentId,
    [property: JsonPropertyName("from")] int? From,
    [property: JsonPropertyName("to")] int? To,
    [property: JsonPropertyName("text")] string? Text);
