using System.Globalization;
using RecAce.Plugin.Sip.Tests.B2bua;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>A plain call (fork mode) from the real baresip, its audio source a speech file.</summary>
public sealed partial class SipRealPeerTests
{
    [Fact]
    public async Task BaresipPlainCall_SpeechFromAufile_RecordedAsOneMixedLegMatchingTheSource()
    {
        await RealTimeAttempts.RunAsync(async () =>
        {
            var speech = await SpeechSource.MakeAsync(_temp.Path, "baresip", "ja", SpeechSource.Japanese, "ul", CallLength);
            var caller = "03" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var token = await CreateTokenAsync();
            await using var host = await HostProcess.StartAsync(Settings);
            using var client = host.CreateClient(token);
            await WaitForListenerAsync(host);

            // baresip hangs up when -t runs out; the call is then recorded from its answer to that BYE.
            var rtp = 30100 + (100 * Random.Shared.Next(0, 20));
            using var baresip = Baresip.Start(_temp.Path, caller, Sipp.FreeUdpPort(), $"{rtp}-{rtp + 49}", speech.Wav,
                $"sip:201@127.0.0.1:{_sipPort}", (int)CallLength.TotalSeconds + 3);
            var log = await baresip.WaitAsync(TimeSpan.FromSeconds(40));

            var call = await FinalizedCallWait.ForNumberAsync(client, caller, host);
            Assert.Equal("201", call.GetProperty("staffExtension").GetString());
            var leg = Assert.Single(call.GetProperty("legs").EnumerateArray());
            Assert.Equal("Mixed", leg.GetProperty("role").GetString());
            await LegAudioAssert.MatchSourcesAsync(client, call, _temp.Combine("downloaded-baresip.opus"), 8000,
                // Up to one second: baresip starts its source when the call is set up, a little before or after the answer.
                (source, recorded) => MediaTools.Correlation(source, recorded, maxLag: 8000), [(0, speech.Wav)], () => "--- baresip ---\n" + log);
        });
    }
}
