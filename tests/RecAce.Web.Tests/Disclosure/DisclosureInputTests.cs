using RecAce.Web.Api;
using RecAce.Web.Disclosure;

namespace RecAce.Web.Tests.Disclosure;

/// <summary>The pieces of a disclosure that need no ffmpeg: form parsing, range merging, the filter, text masking, validation.</summary>
public sealed class DisclosureInputTests
{
    private static readonly TranscriptDto Transcript = new(Guid.Empty, "Done", "m", "ja", null,
    [
        new TranscriptSegmentDto(7, "OutsideParty", 0, 2, "山田です。山田の件", "x", "someone", null),
        new TranscriptSegmentDto(8, "Staff", 2, 4, "はい", "はい", null, null),
    ]);

    [Fact]
    public void Parse_FormLines_RangesInSecondsAndMinutesSegmentAndWordMasks()
    {
        var (request, errors) = DisclosureForm.Parse("理由", "12.5-15\n1:05-1:20\n", "7:0-2", "山田\n");
        Assert.Empty(errors);
        Assert.Equal([new MutedRange(12.5, 15), new MutedRange(65, 80)], request.MutedRanges);
        Assert.Equal([new TextMask(7, 0, 2, null), new TextMask(null, null, null, "山田")], request.TextMasks);
    }

    [Theory]
    [InlineData("abc", null)]
    [InlineData("1-", null)]
    [InlineData("1:xx-2", null)]
    [InlineData(null, "7-0-2")]
    [InlineData(null, "x:0-2")]
    public void Parse_BadLine_ErrorNamesTheLine(string? ranges, string? segmentMasks)
    {
        var (_, errors) = DisclosureForm.Parse("r", ranges, segmentMasks, null);
        Assert.Single(errors);
    }

    [Fact]
    public void Merge_OverlappingAndTouchingRanges_JoinedAndSorted() =>
        Assert.Equal([new MutedRange(1, 4), new MutedRange(5, 6)],
            DisclosureExporter.Merge([new MutedRange(5, 6), new MutedRange(2, 4), new MutedRange(1, 2.5)]));

    [Fact]
    public void Filter_TwoRanges_SilencesEvery10MsFrameOverlappingEither() =>
        Assert.Equal("aresample=48000,asetnsamples=n=480:p=0,volume=enable='gt(t,1.49)*lt(t,3)':volume=0,volume=enable='gt(t,9.99)*lt(t,12.25)':volume=0",
            MuteCommand.Filter([new MutedRange(1.5, 3), new MutedRange(10, 12.25)]));

    [Fact]
    public void Apply_SegmentRangeAndWord_MaskedCharacterForCharacterAndHistoryDropped()
    {
        var masked = TextMasking.Apply(Transcript, [new TextMask(8, 0, 1, null), new TextMask(null, null, null, "山田")]);
        Assert.Equal("■■です。■■の件", masked.Segments[0].Text);
        Assert.Equal(masked.Segments[0].Text, masked.Segments[0].OriginalText);
        Assert.Null(masked.Segments[0].CorrectedBy);
        Assert.Equal("■い", masked.Segments[1].Text);
        Assert.Equal(2, TextMasking.Occurrences(Transcript, "山田"));
    }

    [Fact]
    public void Check_ValidRequest_NoErrors() =>
        Assert.Empty(DisclosureValidation.Check(new DisclosureRequest("理由", [new MutedRange(0, 4)], [new TextMask(7, 0, 9, null)]), 4, Transcript.Segments));

    [Fact]
    public void Check_MaskPastSegmentEndAndBothForms_Errors()
    {
        var errors = DisclosureValidation.Check(new DisclosureRequest("理由", null, [new TextMask(7, 0, 10, null), new TextMask(7, 0, 1, "山田")]), 4, Transcript.Segments);
        Assert.Equal(["textMasks[0]", "textMasks[1]"], errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Check_ReasonTooLongAndNaN_Errors()
    {
        var errors = DisclosureValidation.Check(new DisclosureRequest(new string('x', 1001), [new MutedRange(double.NaN, 1)], null), 4, []);
        Assert.Equal(["mutedRanges[0]", "reason"], errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }
}
