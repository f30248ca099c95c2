using System.Globalization;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// Speech made by espeak-ng, as headerless 8 kHz G.711 (what sipp's rtp_stream must be given: a WAV
/// header would be sent as audio) and as a WAV of the same G.711-decoded samples, to compare against.
/// </summary>
internal sealed record SpeechSource(string Raw, string Wav, TimeSpan Length)
{
    public const string Japanese = "もしもし、しやくしょの こせきかです。きょうは どのような ごようけんでしょうか。しょうしょう おまちください。";
    public const string English = "Good morning, this is the city hall. How can I help you today? Please hold the line for a moment.";

    /// <param name="encoding">sox file type: <c>ul</c> (mu-law) or <c>al</c> (A-law).</param>
    public static async Task<SpeechSource> MakeAsync(string folder, string name, string voice, string text, string encoding, TimeSpan length)
    {
        var speech = Path.Combine(folder, name + "-speech.wav");
        var raw = Path.Combine(folder, name + "." + (encoding == "ul" ? "ulaw" : "alaw"));
        var wav = Path.Combine(folder, name + "-g711.wav");
        await MediaTools.RunAsync("espeak-ng", "-v", voice, "-s", "150", "-w", speech, text);
        // Padded or cut to exactly the call's length, so the recording's duration can be checked against it.
        var seconds = length.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        await MediaTools.RunAsync("sox", speech, "-r", "8000", "-c", "1", "-t", encoding, raw, "pad", "0", seconds, "trim", "0", seconds);
        await MediaTools.RunAsync("sox", "-t", encoding, "-r", "8000", "-c", "1", raw, "-e", "signed-integer", "-b", "16", wav);
        return new SpeechSource(raw, wav, TimeSpan.FromSeconds(new FileInfo(raw).Length / 8000.0));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(Raw)} ({Length.TotalSeconds:0.00} s)");
}
