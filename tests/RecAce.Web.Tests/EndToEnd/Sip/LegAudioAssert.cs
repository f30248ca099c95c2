using System.Net;
using System.Text.Json;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// A recorded call's legs against what each party sent: the recording is downloaded through the API
/// (as a reviewer plays it) and each channel must correlate with its source above
/// <see cref="MinCorrelation"/>. How far to search for the match is the caller's: it depends on how the
/// peer started its stream.
/// </summary>
internal static class LegAudioAssert
{
    public const double MinCorrelation = 0.9;

    /// <param name="downloadTo">Where the downloaded recording is kept (left for a failing test to be looked at).</param>
    /// <param name="rate">The sample rate both sides are decoded at.</param>
    /// <param name="correlate">The correlation of a source (first) with the recorded channel (second).</param>
    /// <param name="legs">Each channel of the recording and the WAV file its party sent.</param>
    /// <param name="context">More to show when a channel does not match (a peer's log), read only then.</param>
    public static async Task MatchSourcesAsync(HttpClient client, JsonElement call, string downloadTo, int rate,
        Func<short[], short[], double> correlate, IEnumerable<(int Channel, string SourceWav)> legs, Func<string>? context = null)
    {
        var audio = await client.GetAsync($"/api/v1/calls/{call.GetProperty("id").GetString()}/audio");
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        await File.WriteAllBytesAsync(downloadTo, await audio.Content.ReadAsByteArrayAsync());
        foreach (var (channel, source) in legs)
        {
            var expected = await MediaTools.DecodeChannelAsync(source, 0, rate);
            var actual = await MediaTools.DecodeChannelAsync(downloadTo, channel, rate);
            var r = correlate(expected, actual);
            Assert.True(r > MinCorrelation, $"channel {channel} correlates {r:0.000} with {Path.GetFileName(source)}{(context is null ? "" : "\n" + context())}");
        }
    }
}
