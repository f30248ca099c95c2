namespace RecAce.Web.Tests.EndToEnd;

/// <summary>Where the built host and the shared test data are, found from the test assembly's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The host's build output, with its plugins/ folder.</summary>
    public static string HostDirectory => Path.Combine(Root, "web", "RecAce.Web", "bin", Configuration, "net10.0");

    /// <summary>The shared fixtures folder beside the repository, or null when absent.</summary>
    public static string? Fixtures =>
        Path.Combine(Root, "..", "shared", "fixtures") is var p && Directory.Exists(p) ? Path.GetFullPath(p) : null;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RecAce.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("RecAce.sln not found above the test folder.");
    }
}
