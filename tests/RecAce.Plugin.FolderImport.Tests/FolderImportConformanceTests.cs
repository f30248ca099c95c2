using System.Buffers.Binary;
using RecAce.Plugin.FolderImport;
using RecAce.Plugins.Testing;

namespace RecAce.Plugin.FolderImport.Tests;

/// <summary>The FolderImport adapter through the conformance kit vendors use.</summary>
public sealed class FolderImportConformanceTests : AdapterConformanceTests<FolderImportAdapter>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "recace-conformance-import-" + Guid.NewGuid().ToString("N"));

    protected override string PluginId => "FolderImport";

    protected override IReadOnlyDictionary<string, string?> CreateSettings() => new Dictionary<string, string?>
    {
        ["Path"] = _folder,
        ["PollIntervalSeconds"] = "1",
        ["StableSeconds"] = "1",
    };

    protected override async Task ProduceCallAsync(ConformanceAdapterContext context, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        var staging = Path.Combine(context.StateDirectory, "staging.wav");
        await File.WriteAllBytesAsync(staging, StereoWav(8000, seconds: 2), cancellationToken);
        File.Move(staging, Path.Combine(_folder, $"in-201-0312345678-20260401-101530-{Guid.NewGuid():N}.wav"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A 16-bit stereo WAV of two tones, made in memory.</summary>
    private static byte[] StereoWav(int rate, int seconds)
    {
        var frames = rate * seconds;
        var bytes = new byte[44 + (frames * 4)];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(22), 2);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), rate * 4);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(32), 4);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(34), 16);
        "data"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(40), frames * 4);
        for (var i = 0; i < frames; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(44 + (i * 4)), (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / rate)));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(46 + (i * 4)), (short)(8000 * Math.Sin(2 * Math.PI * 660 * i / rate)));
        }

        return bytes;
    }
}
