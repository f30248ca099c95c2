using System.Globalization;

namespace RecAce.Core.Audit;

/// <summary>
/// The newest audit row's id and hash, kept outside the database: a chain cut short at its end is
/// still a valid chain, so only a copy of the head kept elsewhere shows that rows were removed.
/// </summary>
public sealed class AuditHeadFile
{
    public const string FileName = "audit-head.txt";
    private readonly string _path;

    public AuditHeadFile(string path) => _path = path;

    public void Write(long id, string hash)
    {
        var temp = _path + ".tmp";
        File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{id} {hash}\n"));
        File.Move(temp, _path, overwrite: true);
    }

    /// <returns>The recorded head, or null when there is no file yet.</returns>
    public (long Id, string Hash)? Read()
    {
        if (!File.Exists(_path)) return null;
        var parts = File.ReadAllText(_path).Trim().Split(' ');
        return parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var id) ? (id, parts[1]) : null;
    }
}
