using RecAce.Core.Transcription;

namespace RecAce.Web.Tests.Transcription;

/// <summary>Stands in for Whisper: realistic Japanese city-hall dialogue per channel, no native code.</summary>
internal sealed class FakeTranscriber(IReadOnlyList<TranscriptSegment> segments) : ITranscriber
{
    public Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, CancellationToken cancellationToken)
    {
        foreach (var c in request.Channels) Assert.True(new FileInfo(c.PcmPath).Length > 0, $"{c.Speaker} channel was extracted");
        var speakers = request.Channels.Select(c => c.Speaker).ToHashSet();
        var mine = segments.Where(s => speakers.Contains(s.Speaker)).ToList();
        return Task.FromResult(new TranscriptionResult(mine, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(7)));
    }

    public static readonly TranscriptSegment[] Dialogue =
    [
        new(Speaker.Staff, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(2.1), "お電話ありがとうございます、市民課です"),
        new(Speaker.OutsideParty, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(4.8), "住民票の写しを取りたいのですが"),
        new(Speaker.Staff, TimeSpan.FromSeconds(5.0), TimeSpan.FromSeconds(6.2), "<b>確認</b>いたします"),
        new(Speaker.OutsideParty, TimeSpan.FromSeconds(7.0), TimeSpan.FromSeconds(9.5), "それと税金の支払いについても聞きたい"),
    ];
}
