namespace RecAce.Plugin.Capture.Tests;

/// <summary>A temporary file path deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "recace-capture-" + Guid.NewGuid().ToString("N") + ".pcap");

    public void Dispose()
    {
        if (File.Exists(Path)) File.Delete(Path);
    }
}
