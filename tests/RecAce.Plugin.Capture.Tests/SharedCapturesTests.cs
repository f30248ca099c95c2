using Xunit.Abstractions;

namespace RecAce.Plugin.Capture.Tests;

public sealed class SharedCapturesTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (SharedCaptures.Folder is null) { data.Add("(absent)"); return data; }
        foreach (var file in Directory.EnumerateFiles(SharedCaptures.Folder, "*.pcap*").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [SharedCapturesTheory]
    [MemberData(nameof(Files))]
    public async Task Import_EverySharedCapture_NoExceptionAndCountersReported(string name)
    {
        var (result, context) = await Import.FileAsync(SharedCaptures.PathOf(name));
        output.WriteLine($"{name}: packets={result.PacketsRead} calls={result.CallsOpened} errors={result.Errors}");
        foreach (var call in context.Sink.Calls)
            output.WriteLine($"  {call.Info.AdapterCallId} {call.EndReason} legs={call.Legs.Count} frames={call.TotalFrames} dtmf={call.Dtmf.Count} {string.Join(",", call.Extra.Select(e => e.Key + "=" + e.Value))}");
        foreach (var (k, v) in result.Counters.Where(c => c.Value != 0)) output.WriteLine($"  {k}={v}");
        Assert.True(result.PacketsRead > 0);
        Assert.All(context.Sink.Calls, c => Assert.NotNull(c.EndReason));
    }
}
