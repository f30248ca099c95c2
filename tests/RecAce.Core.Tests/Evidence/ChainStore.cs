using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core.Evidence;
using RecAce.Data;

namespace RecAce.Core.Tests.Evidence;

/// <summary>A real database (SQLite, or PostgreSQL under RECACE_TEST_DATABASE=postgres) with the migrations applied, the chain, a real server key and checkpoints, in a temp folder.</summary>
internal sealed class ChainStore : IDisposable
{
    public ChainStore(string? tsaUrl = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "recace-chain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Options = new RecAceOptions { DataDirectory = DataDirectory };
        Options.Evidence.TsaUrl = tsaUrl;
        Database = RecAce.Tests.TestDatabase.Create(DataDirectory, migrated: true);
        Db = Database.Factory;
        DatabaseMigrator.MigrateUp(Db);
        Chain = new IntegrityChain(Db, TimeProvider.System, Options);
        Key = new ServerKeyProvider(Options);
        Http = new HttpClient();
        Checkpoints = new ChainCheckpoints(Db, Key, new TimestampClient(Http), Options, TimeProvider.System, NullLogger<ChainCheckpoints>.Instance);
    }

    public string DataDirectory { get; }
    public RecAceOptions Options { get; }
    public RecAce.Tests.TestDatabase Database { get; }
    public DatabaseFactory Db { get; }
    public IntegrityChain Chain { get; }
    public ServerKeyProvider Key { get; }
    public HttpClient Http { get; }
    public ChainCheckpoints Checkpoints { get; }

    /// <summary>An entry about a made-up call (no call row): enough for checkpoints and links.</summary>
    public Task AppendAsync() =>
        Chain.AppendAsync((_, _) => Task.FromResult<EntryDraft?>(new EntryDraft("seal", Guid.NewGuid(), new string('a', 64), new string('b', 64), null)), CancellationToken.None);

    public void Dispose()
    {
        Checkpoints.Dispose();
        Chain.Dispose();
        Key.Dispose();
        Http.Dispose();
        Database.Dispose();
        try
        {
            Directory.Delete(DataDirectory, true);
        }
        catch (IOException)
        {
        }
    }
}
