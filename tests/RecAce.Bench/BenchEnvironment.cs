using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core;
using RecAce.Core.Calls;
using RecAce.Core.Storage.Recordings;
using RecAce.Data;

namespace RecAce.Bench;

/// <summary>
/// A throw-away data directory with a migrated SQLite database and a real <see cref="CallIntake"/>,
/// as the host wires them, minus Quartz: closed calls go to a queue that does nothing.
/// </summary>
internal sealed class BenchEnvironment : IDisposable
{
    public BenchEnvironment(string name)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), $"recace-bench-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(DataDirectory);
        Options = new RecAceOptions { DataDirectory = DataDirectory, TimeZone = "UTC" };
        var db = new DatabaseFactory(Path.Combine(DataDirectory, "recace.db"));
        DatabaseMigrator.MigrateUp(db);
        db.EnableWriteAheadLog();
        Store = new CallStore(db, TimeProvider.System);
        Intake = new CallIntake(Options, Store, NullFinalizeQueue.Instance, TimeProvider.System, NullLoggerFactory.Instance);
        Recordings = new FolderRecordingStore(DataDirectory);
    }

    public string DataDirectory { get; }

    public RecAceOptions Options { get; }

    public CallStore Store { get; }

    public CallIntake Intake { get; }

    /// <summary>The folder store over the bench's data folder, as the host's default configuration has it.</summary>
    public FolderRecordingStore Recordings { get; }

    public void Dispose()
    {
        Intake.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Sealed recordings are read-only; a leftover temp folder is not worth failing the bench for.
            Console.Error.WriteLine($"note: could not remove {DataDirectory}: {e.Message}");
        }
    }
}
