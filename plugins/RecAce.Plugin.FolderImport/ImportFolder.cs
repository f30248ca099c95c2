namespace RecAce.Plugin.FolderImport;

/// <summary>
/// The watched folder and its outcome folders: <c>done/</c>, <c>failed/</c> and
/// <c>duplicate/</c>. Files are only ever moved, never deleted; a recording's sidecar moves with it.
/// </summary>
public sealed class ImportFolder
{
    /// <summary>Where imported recordings go.</summary>
    public const string DoneName = "done";

    /// <summary>Where refused recordings go, each with a <c>.reason.txt</c>.</summary>
    public const string FailedName = "failed";

    /// <summary>Where recordings the host already holds go, each with a <c>.reason.txt</c>.</summary>
    public const string DuplicateName = "duplicate";

    /// <summary>The suffix of the one-line reason file written next to a refused recording.</summary>
    public const string ReasonSuffix = ".reason.txt";

    private const int MaxReasonLength = 2000;

    /// <summary>Creates the folder view.</summary>
    /// <param name="path">The watched folder (full path).</param>
    public ImportFolder(string path) => Root = path;

    /// <summary>The watched folder.</summary>
    public string Root { get; }

    /// <summary>
    /// Makes sure the watched folder exists, creating it when its parent exists.
    /// </summary>
    /// <returns>Null when the folder is usable, otherwise what is wrong, for administrators.</returns>
    public string? Prepare()
    {
        try
        {
            if (Directory.Exists(Root))
                return null;
            if (File.Exists(Root))
                return $"Import folder '{Root}' is a file, not a directory.";
            var parent = Path.GetDirectoryName(Root);
            if (parent is null || !Directory.Exists(parent))
                return $"Import folder '{Root}' does not exist and neither does its parent; create it or fix Plugins:FolderImport:Path.";
            Directory.CreateDirectory(Root);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"Import folder '{Root}' cannot be created or read: {ex.Message}";
        }
    }

    /// <summary>
    /// Lists the recordings waiting in the folder, in name order. With <paramref name="recursive"/>,
    /// subfolders are searched too (FreePBX files recordings under <c>yyyy/MM/dd/</c>), except the
    /// outcome folders and folders whose names start with a dot.
    /// </summary>
    /// <param name="extensions">Extensions to take, matched without regard to case.</param>
    /// <param name="recursive">Whether to search subfolders.</param>
    /// <returns>Full paths.</returns>
    /// <exception cref="IOException">The folder cannot be read.</exception>
    public IReadOnlyList<string> ListRecordings(IReadOnlyList<string> extensions, bool recursive)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = recursive,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.None,
            // Symbolic links could lead back into the tree or out of it.
            MaxRecursionDepth = 8,
        };
        return Directory.EnumerateFiles(Root, "*", enumeration)
            .Where(p => extensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Where(IsWaiting)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private bool IsWaiting(string path)
    {
        var segments = Path.GetRelativePath(Root, path).Split(
            [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > 1 && segments[0] is DoneName or FailedName or DuplicateName)
            return false;
        // Dot files and folders are temporary files of copy tools (rsync, Samba) that are renamed when complete.
        return !segments.Any(s => s.StartsWith('.'));
    }

    /// <summary>Moves an imported recording (and its sidecar) to <c>done/</c>.</summary>
    /// <param name="recordingPath">The recording.</param>
    /// <returns>The recording's new path.</returns>
    public string MoveToDone(string recordingPath) => Move(recordingPath, DoneName, reason: null);

    /// <summary>Moves a refused recording (and its sidecar) to <c>failed/</c> and writes the reason next to it.</summary>
    /// <param name="recordingPath">The recording.</param>
    /// <param name="reason">Why it was refused.</param>
    /// <returns>The recording's new path.</returns>
    public string MoveToFailed(string recordingPath, string reason) => Move(recordingPath, FailedName, reason);

    /// <summary>Moves a duplicate recording (and its sidecar) to <c>duplicate/</c> and writes the reason next to it.</summary>
    /// <param name="recordingPath">The recording.</param>
    /// <param name="reason">Which call holds it already.</param>
    /// <returns>The recording's new path.</returns>
    public string MoveToDuplicate(string recordingPath, string reason) => Move(recordingPath, DuplicateName, reason);

    private string Move(string recordingPath, string folderName, string? reason)
    {
        // A recording from a subfolder keeps its place under the outcome folder (done/2024/01/02/...).
        var relativeFolder = Path.GetRelativePath(Root, Path.GetDirectoryName(recordingPath)!);
        var target = relativeFolder == "." ? Path.Combine(Root, folderName) : Path.Combine(Root, folderName, relativeFolder);
        Directory.CreateDirectory(target);
        var sidecar = SidecarReader.Find(recordingPath);
        var destination = FreeName(target, Path.GetFileName(recordingPath), sidecar is not null);

        File.Move(recordingPath, destination);
        if (sidecar is not null)
            File.Move(sidecar, Path.ChangeExtension(destination, Path.GetExtension(sidecar)));
        if (reason is not null)
            File.WriteAllText(destination + ReasonSuffix, OneLine(reason) + Environment.NewLine);
        return destination;
    }

    // A PBX reuses names (a restarted uniqueid counter, a second import of a copy): keep both files.
    private static string FreeName(string folder, string fileName, bool withSidecar)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        for (var n = 0; ; n++)
        {
            var candidate = Path.Combine(folder, n == 0 ? fileName : $"{stem}-{n}{extension}");
            var taken = File.Exists(candidate)
                || File.Exists(candidate + ReasonSuffix)
                || (withSidecar && File.Exists(Path.ChangeExtension(candidate, SidecarReader.Extension)));
            if (!taken)
                return candidate;
        }
    }

    private static string OneLine(string reason)
    {
        var line = string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxReasonLength ? line : line[..MaxReasonLength];
    }
}
