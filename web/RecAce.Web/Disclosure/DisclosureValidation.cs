using System.Globalization;
using RecAce.Web.Api;

namespace RecAce.Web.Disclosure;

/// <summary>Checks a disclosure request against the call it is for. Each problem is named by the field it concerns.</summary>
public static class DisclosureValidation
{
    public const int MaxReasonLength = 1000;
    public const int MaxRanges = 50;
    public const int MaxMasks = 200;
    public const int MaxMaskTextLength = 200;

    /// <param name="durationSeconds">The recording's length: every range must lie within it.</param>
    /// <returns>Problems by field; empty when the request is valid.</returns>
    public static Dictionary<string, string[]> Check(DisclosureRequest request, double durationSeconds, IReadOnlyList<TranscriptSegmentDto> segments)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors[field] = errors.TryGetValue(field, out var m) ? [.. m, message] : [message];

        if (string.IsNullOrWhiteSpace(request.Reason)) Add("reason", "A reason is required.");
        else if (request.Reason.Trim().Length > MaxReasonLength) Add("reason", $"The reason must be at most {MaxReasonLength} characters.");

        var ranges = request.MutedRanges ?? [];
        if (ranges.Count > MaxRanges) Add("mutedRanges", $"At most {MaxRanges} ranges.");
        else
        {
            for (var i = 0; i < ranges.Count; i++)
            {
                var r = ranges[i];
                if (r is null) Add($"mutedRanges[{i}]", "A range needs from and to.");
                else if (!double.IsFinite(r.From) || !double.IsFinite(r.To) || r.From < 0 || r.From >= r.To) Add($"mutedRanges[{i}]", "from must be 0 or more and less than to.");
                else if (r.To > durationSeconds + 0.001) Add($"mutedRanges[{i}]", string.Create(CultureInfo.InvariantCulture, $"to ({r.To}) is past the end of the recording ({durationSeconds:0.###} s)."));
            }
        }

        var masks = request.TextMasks ?? [];
        if (masks.Count > MaxMasks) Add("textMasks", $"At most {MaxMasks} masks.");
        else
        {
            var byId = segments.ToDictionary(s => s.Id);
            for (var i = 0; i < masks.Count; i++)
            {
                var m = masks[i];
                var field = $"textMasks[{i}]";
                if (m is null) Add(field, "A mask needs segmentId, from and to, or text.");
                else if (m.Text is not null)
                {
                    if (m.SegmentId is not null || m.From is not null || m.To is not null) Add(field, "Give either text or segmentId with from and to, not both.");
                    else if (m.Text.Length is 0 or > MaxMaskTextLength || string.IsNullOrWhiteSpace(m.Text)) Add(field, $"text must be 1 to {MaxMaskTextLength} characters.");
                }
                else if (m.SegmentId is not { } id || m.From is not { } from || m.To is not { } to) Add(field, "A mask needs segmentId, from and to, or text.");
                else if (!byId.TryGetValue(id, out var segment)) Add(field, $"The call's transcript has no segment {id}.");
                else if (from < 0 || from >= to || to > segment.Text.Length) Add(field, $"from and to must satisfy 0 <= from < to <= {segment.Text.Length} (the segment's length).");
            }
        }

        return errors;
    }
}
