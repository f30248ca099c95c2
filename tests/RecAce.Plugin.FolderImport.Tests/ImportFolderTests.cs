namespace RecAce.Plugin.FolderImport.Tests;

public class ImportFolderTests
{
    [Fact]
    public void MoveToDone_NameTakenInDone_AddsSuffixAndMovesSidecar()
    {
        using var dir = new TempDirectory();
        var folder = new ImportFolder(dir.Path);
        Directory.CreateDirectory(dir.Combine("done"));
        File.WriteAllText(dir.Combine("done", "a.wav"), "old");
        File.WriteAllText(dir.Combine("a.wav"), "new");
        File.WriteAllText(dir.Combine("a.json"), "{}");

        var moved = folder.MoveToDone(dir.Combine("a.wav"));

        Assert.Equal(dir.Combine("done", "a-1.wav"), moved);
        Assert.Equal("old", File.ReadAllText(dir.Combine("done", "a.wav")));
        Assert.Equal("new", File.ReadAllText(moved));
        Assert.True(File.Exists(dir.Combine("done", "a-1.json")));
        Assert.False(File.Exists(dir.Combine("a.json")));
    }

    [Fact]
    public void MoveToFailed_MultiLineReason_WritesOneLineReasonFile()
    {
        using var dir = new TempDirectory();
        var folder = new ImportFolder(dir.Path);
        File.WriteAllText(dir.Combine("b.mp3"), "x");

        var moved = folder.MoveToFailed(dir.Combine("b.mp3"), "not audio:\nline two");

        Assert.Equal("not audio: line two", File.ReadAllText(moved + ".reason.txt").TrimEnd());
    }

    [Fact]
    public void ListRecordings_NotRecursive_SkipsSubfoldersAndDotFiles()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("done"));
        File.WriteAllText(dir.Combine("done", "x.wav"), "x");
        File.WriteAllText(dir.Combine(".partial.wav"), "x");
        File.WriteAllText(dir.Combine("notes.txt"), "x");
        File.WriteAllText(dir.Combine("b.MP3"), "x");
        File.WriteAllText(dir.Combine("a.wav"), "x");

        var list = new ImportFolder(dir.Path).ListRecordings([".wav", ".mp3"], recursive: false);

        Assert.Equal([dir.Combine("a.wav"), dir.Combine("b.MP3")], list);
    }

    [Fact]
    public void ListRecordings_Recursive_TakesDateFoldersButNotOutcomeOrDotFolders()
    {
        using var dir = new TempDirectory();
        foreach (var sub in new[] { "done", "failed", "duplicate", ".sync", Path.Combine("2024", "01", "02") })
        {
            Directory.CreateDirectory(dir.Combine(sub));
            File.WriteAllText(Path.Combine(dir.Combine(sub), "x.wav"), "x");
        }

        var list = new ImportFolder(dir.Path).ListRecordings([".wav"], recursive: true);

        Assert.Equal([dir.Combine("2024", "01", "02", "x.wav")], list);
    }

    [Fact]
    public void MoveToDone_FromDateFolder_KeepsRelativeFolder()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("2024", "01"));
        File.WriteAllText(dir.Combine("2024", "01", "c.wav"), "x");

        var moved = new ImportFolder(dir.Path).MoveToDone(dir.Combine("2024", "01", "c.wav"));

        Assert.Equal(dir.Combine("done", "2024", "01", "c.wav"), moved);
    }

    [Fact]
    public void Prepare_MissingFolderWithParent_CreatesIt()
    {
        using var dir = new TempDirectory();

        Assert.Null(new ImportFolder(dir.Combine("in")).Prepare());
        Assert.True(Directory.Exists(dir.Combine("in")));
    }

    [Fact]
    public void Prepare_ParentMissing_DescribesProblem()
    {
        using var dir = new TempDirectory();

        var problem = new ImportFolder(dir.Combine("nope", "in")).Prepare();

        Assert.Contains("does not exist", problem, StringComparison.Ordinal);
    }
}
