using LinqToDB;
using LinqToDB.Data;
using RecAce.Data.Entities;

namespace RecAce.Data;

/// <summary>A linq2db connection to the RecAce database. Short-lived: open one per unit of work.</summary>
public sealed class RecAceDb : DataConnection
{
    public RecAceDb(DataOptions options) : base(options) { }

    /// <summary>True on PostgreSQL, where the few engine-specific queries (text search) take their PostgreSQL form.</summary>
    public bool IsPostgres => DataProvider.Name.StartsWith(ProviderName.PostgreSQL, StringComparison.Ordinal);

    /// <summary>Lock key of the audit trail's appends.</summary>
    public const long AuditAppendLock = 0x5245_4341_0001;

    /// <summary>Lock key of the integrity chain's appends.</summary>
    public const long ChainAppendLock = 0x5245_4341_0002;

    /// <summary>
    /// Inside a transaction, waits until no other process appends to the same hash chain (until commit).
    /// The chains number their rows from the last one: on PostgreSQL two servers (or a CLI verb beside the
    /// server) must not read the same last row. SQLite has one writer per file already: nothing to do.
    /// </summary>
    public async Task LockForAppendAsync(long key, CancellationToken ct)
    {
        if (!IsPostgres) return;
        await this.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", ct, new DataParameter("key", key, DataType.Int64));
    }

    public ITable<CallRow> Calls => this.GetTable<CallRow>();
    public ITable<LegRow> Legs => this.GetTable<LegRow>();
    public ITable<RecordingRow> Recordings => this.GetTable<RecordingRow>();
    public ITable<PluginStateRow> PluginStates => this.GetTable<PluginStateRow>();
    public ITable<AuditEventRow> AuditEvents => this.GetTable<AuditEventRow>();
    public ITable<UserRow> Users => this.GetTable<UserRow>();
    public ITable<ApiTokenRow> ApiTokens => this.GetTable<ApiTokenRow>();
    public ITable<DtmfEventRow> DtmfEvents => this.GetTable<DtmfEventRow>();
    public ITable<TranscriptionRow> Transcriptions => this.GetTable<TranscriptionRow>();
    public ITable<TranscriptSegmentRow> TranscriptSegments => this.GetTable<TranscriptSegmentRow>();
    public ITable<CallTagRow> CallTags => this.GetTable<CallTagRow>();
    public ITable<CallNoteRow> CallNotes => this.GetTable<CallNoteRow>();
    public ITable<AdapterSettingRow> AdapterSettings => this.GetTable<AdapterSettingRow>();
    public ITable<CallListCountRow> CallListCount => this.GetTable<CallListCountRow>();
    public ITable<ChainEntryRow> ChainEntries => this.GetTable<ChainEntryRow>();
    public ITable<ChainCheckpointRow> ChainCheckpoints => this.GetTable<ChainCheckpointRow>();
    public ITable<IntegrityRunRow> IntegrityRuns => this.GetTable<IntegrityRunRow>();
    public ITable<IncidentRow> Incidents => this.GetTable<IncidentRow>();
    public ITable<IncidentNoteRow> IncidentNotes => this.GetTable<IncidentNoteRow>();
    public ITable<IncidentCallRow> IncidentCalls => this.GetTable<IncidentCallRow>();
    public ITable<CallSignalRow> CallSignals => this.GetTable<CallSignalRow>();
    public ITable<WatchListRow> WatchList => this.GetTable<WatchListRow>();
    public ITable<CallerAlertRow> CallerAlerts => this.GetTable<CallerAlertRow>();
    public ITable<DepartmentRow> Departments => this.GetTable<DepartmentRow>();
    public ITable<RetentionPolicyRow> RetentionPolicies => this.GetTable<RetentionPolicyRow>();
    public ITable<DisclosureRow> Disclosures => this.GetTable<DisclosureRow>();
}
