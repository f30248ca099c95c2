using System.Text.RegularExpressions;

namespace RecAce.Core.Media;

/// <summary>The ffmpeg found at start, checked against the minimum RecAce needs (libopus, the join filter).</summary>
public sealed partial record FfmpegVersion(string Raw, Version? Version, bool HasLibopus)
{
    public static readonly Version Minimum = new(4, 3);

    public bool IsSupported => Version is null ? HasLibopus : Version >= Minimum && HasLibopus;

    public static async Task<FfmpegVersion> DetectAsync(MediaRunner runner, CancellationToken ct)
    {
        using var output = new MemoryStream();
        await runner.RunAsync(runner.FfmpegPath, ["-hide_banner", "-version"], output, ct, TimeSpan.FromSeconds(20));
        return Parse(System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }

    public static FfmpegVersion Parse(string versionOutput)
    {
        var firstLine = versionOutput.Split('\n', 2)[0].Trim();
        var m = VersionPattern().Match(firstLine);
        Version? v = null;
        if (m.Success && !Version.TryParse(m.Groups[1].Value + (m.Groups[2].Success ? m.Groups[2].Value : ".0"), out v)) v = null;
        return new FfmpegVersion(firstLine, v, versionOutput.Contains("--enable-libopus", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"version n?(\d+)(\.\d+)?")]
    private static partial Regex VersionPattern();
}
