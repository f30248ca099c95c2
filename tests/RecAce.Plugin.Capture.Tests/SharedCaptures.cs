using System.Runtime.CompilerServices;

namespace RecAce.Plugin.Capture.Tests;

/// <summary>Finds the real-world captures kept beside the repository (<c>&lt;repo&gt;/../shared/pcaps</c>).</summary>
internal static class SharedCaptures
{
    public static string? Folder { get; } = Find();

    public static string SkipReason => "The shared captures folder (../shared/pcaps beside the repository) is absent.";

    public static string PathOf(string name) => Path.Combine(Folder!, name);

    private static string? Find([CallerFilePath] string source = "")
    {
        // The repository root holds RecAce.sln; start from this file, then from the test binary.
        foreach (var start in new[] { Path.GetDirectoryName(source), AppContext.BaseDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "RecAce.sln"))) continue;
                var folder = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "pcaps"));
                if (Directory.Exists(folder)) return folder;
                break;
            }
        }
        return null;
    }
}
