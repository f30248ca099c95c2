using Microsoft.AspNetCore.DataProtection;

namespace RecAce.Web.Hosting;

/// <summary>
/// The keys that protect sign-in cookies, antiforgery tokens and pending two-factor sign-ins live in the
/// data folder: kept in memory only, every restart (an update, a crash) signed every user out and broke
/// every open form.
/// </summary>
internal static class DataProtectionKeys
{
    public const string FolderName = "keys";

    public static void AddPersistentDataProtection(this IServiceCollection services, string dataDirectory)
    {
        var folder = new DirectoryInfo(Path.Combine(dataDirectory, FolderName));
        if (!folder.Exists)
        {
            // Readable by the service account only: whoever reads the keys can forge a sign-in.
            if (OperatingSystem.IsWindows()) folder.Create();
            else Directory.CreateDirectory(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var builder = services.AddDataProtection().SetApplicationName("RecAce").PersistKeysToFileSystem(folder);
        // On Windows the key files are also encrypted for the machine; on Linux the folder's mode protects them.
        if (OperatingSystem.IsWindows()) builder.ProtectKeysWithDpapi(protectToLocalMachine: true);
    }
}
