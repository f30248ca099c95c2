namespace RecAce.Web.Tests.Transcription;

/// <summary>The shared fixtures folder beside the repository, or null.</summary>
internal static class SharedFixtures
{
    public static string? Folder { get; } = Find();

    public static string WeightlessTiny => Path.Combine(Folder!, "for-tests-ggml-tiny.bin");

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures");
            if (File.Exists(Path.Combine(candidate, "for-tests-ggml-tiny.bin"))) return Path.GetFullPath(candidate);
        }

        return null;
    }
}

/// <summary>A fact that runs only when the shared fixtures are present.</summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (SharedFixtures.Folder is null) Skip = "shared fixtures folder not found beside the repository (../shared/fixtures)";
    }
}
