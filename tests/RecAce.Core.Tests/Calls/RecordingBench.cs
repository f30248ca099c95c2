using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core.Audit;
using RecAce.Core.Calls;
using RecAce.Core.Finalize;
using RecAce.Core.Media;
using RecAce.Core.Retention;
using RecAce.Core.Spool;
using RecAce.Core.Storage.Recordings;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Tests.Calls;

/// <summary>The real intake, store, media runner and finalizer on a temp data folder and a real database (SQLite file, or PostgreSQL under RECACE_TEST_DATABASE=postgres).</summary>
internal sealed class RecordingBench : IDisposable
{
    public RecordingBench(string ffmpegPath = "ffmpeg")
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "recace-core-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Options = new RecAceOptions { DataDirectory = DataDirectory };
        Options.Ffmpeg.FfmpegPath = ffmpegPath;
        Options.Pipeline.MinFreeSpaceMb = 1;
        Database = RecAce.Tests.TestDatabase.Create(DataDirectory, migrated: true);
        Db = Database.Factory;
        DatabaseMigrator.MigrateUp(Db);
        Store = new CallStore(Db, TimeProvider.System);
        Media = new MediaRunner(Options.Ffmpeg, NullLogger<MediaRunner>.Instance);
        Intake = NewIntake();
        Chain = new Core.Evidence.IntegrityChain(Db, TimeProvider.System, Options);
        Recordings = new FolderRecordingStore(DataDirectory);
        Finalizer = new CallFinalizer(Options, Store, Media, Queue, Recordings, NullLogger<CallFinalizer>.Instance, chain: Chain);
    }

    public string DataDirectory { get; }
    public RecAceOptions Options { get; }
    public RecAce.Tests.TestDatabase Database { get; }
    public DatabaseFactory Db { get; }
    public CallStore Store { get; }
    public MediaRunner Media { get; }
    public RecordingQueue Queue { get; } = new();
    public CallIntake Intake { get; private set; }
    public CallFinalizer Finalizer { get; }

    /// <summary>The folder store over the temp data folder, where the finalizer seals recordings.</summary>
    public FolderRecordingStore Recordings { get; }

    /// <summary>The integrity chain the finalizer appends each sealed recording to.</summary>
    public Core.Evidence.IntegrityChain Chain { get; }

    /// <summary>A fresh intake over the same folders, as after a restart.</summary>
    public CallIntake Restart() => Intake = NewIntake();

    public SpoolRecovery Recovery() => new(Intake, Store, Queue, NullLogger<SpoolRecovery>.Instance);

    public RetentionSweeper Retention() => new(Options, Db, new AuditLog(Db, TimeProvider.System), Recordings,
        new RetentionPolicies(Options, Db, NullLogger<RetentionPolicies>.Instance), Chain, TimeProvider.System, NullLogger<RetentionSweeper>.Instance);

    public async Task<CallRow> CallAsync(Guid id)
    {
        using var db = Db.Open();
        return await db.Calls.FirstAsync(c => c.Id == id);
    }

    public void Dispose()
    {
        Intake.Dispose();
        Media.Dispose();
        Chain.Dispose();
        Database.Dispose();
        try
        {
            foreach (var f in Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(DataDirectory, true);
        }
        catch (IOException)
        {
        }
    }

    private CallIntake NewIntake() => new(Options, Store, Queue, TimeProvider.System, NullLoggerFactory.Instance);
}

/// <summary>Records what was queued for finalization instead of scheduling it.</summary>
internal sealed class RecordingQueue : IFinalizeQueue
{
    public List<(Guid CallId, TimeSpan Delay)> Queued { get; } = [];

    public Task EnqueueAsync(Guid callId, TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (Queued) Queued.Add((callId, delay));
        return Task.CompletedTask;
    }
}
