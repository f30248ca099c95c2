using System.Globalization;
using System.Net;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>G.722 (wideband) SIPREC streams from sipp: recorded at 16 kHz.</summary>
public sealed partial class SipRealPeerTests
{
    [Fact]
    public async Task SippSiprecCall_TwoG722SpeechStreams_BothLegsMatchTheirSourcesAt16kHz()
    {
        await RealTimeAttempts.RunAsync(async () =>
        {
            var japanese = await WidebandSpeech.MakeAsync(_temp.Path, "ja-wb", "ja", SpeechSource.Japanese, CallLength);
            var english = await WidebandSpeech.MakeAsync(_temp.Path, "en-wb", "en", SpeechSource.English, CallLength);
            var pcap = _temp.Combine("ja-g722.pcap");
            RtpPcap.Write(japanese.G722, 9, pcap);
            var outside = "052" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
            var metadata = SippScenario.Metadata(outside, "佐藤 太郎", "201", "山田 花子");
            var scenario = SippScenario.Fill("G722", 9, metadata, SippScenario.PlayPcapAndWait(pcap, CallLength), SippScenario.Bye);
            var token = await CreateTokenAsync();
            await using var host = await HostProcess.StartAsync(Settings);
            using var client = host.CreateClient(token);

            await RunSippAsync(scenario, "u1", english.G722, 9, host);

            var call = await WaitForFinalizedCallAsync(client, outside, host);
            var legs = call.GetProperty("legs");
            Assert.Equal(2, legs.GetArrayLength());
            Assert.Equal(["Outside", "Staff"], legs.EnumerateArray().Select(l => l.GetProperty("role").GetString()));
            var stored = _temp.Combine("downloaded-g722.opus");
            var audio = await client.GetAsync($"/api/v1/calls/{call.GetProperty("id").GetString()}/audio");
            Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
            await File.WriteAllBytesAsync(stored, await audio.Content.ReadAsByteArrayAsync());
            foreach (var (channel, source) in new[] { (0, japanese), (1, english) })
            {
                var expected = await MediaTools.DecodeChannelAsync(source.Wav, 0, 16000);
                var actual = await MediaTools.DecodeChannelAsync(stored, channel, 16000);
                // Up to one second: the offset between the answer and the first packet of each stream
                // (sipp's pcap player starts late now and then on a loaded machine; 0.27 was seen at ±200 ms).
                var r = Correlations.Best(expected, actual, maxLag: 16000);
                Assert.True(r > 0.9, $"channel {channel} correlates {r:0.000} with {source}");
            }
        });
    }
}
