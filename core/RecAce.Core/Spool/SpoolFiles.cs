namespace RecAce.Core.Spool;

internal static class SpoolFiles
{
    /// <summary>16-bit samples in a spool file; a torn last sample (odd length after a crash) is ignored.</summary>
    public static long SampleCount(string path) => File.Exists(path) ? new FileInfo(path).Length / 2 : 0;
}
