using System.Globalization;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Storage;

/// <summary>
/// Checks the recordings quota and the free space of the data and spool disks. The size of the
/// recordings is the sum of the sealed files' sizes in the database (no walk over five years of
/// files). A change of state (fine to warning, warning to fine, or a different warning) is logged
/// and audited once; the same state on the next tick is not.
/// </summary>
public sealed class StorageMonitor : IDisposable
{
    private readonly RecAceOptions _options;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<StorageMonitor> _logger;
    private readonly SemaphoreSlim _one = new(1, 1);
    private string? _lastKey;

    public StorageMonitor(RecAceOptions options, DatabaseFactory db, AuditLog audit, TimeProvider time, ILogger<StorageMonitor> logger)
    {
        _options = options;
        _db = db;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    /// <summary>The last check's result; null before the first check.</summary>
    public StorageState? Last { get; private set; }

    public async Task<StorageState> CheckAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            var state = await MeasureAsync(ct);
            Last = state;
            var key = string.Join('|', state.Warnings.Select(w => w.Split(':')[0]));
            if (key != (_lastKey ?? ""))
            {
                if (state.Ok) _logger.LogInformation("Storage is fine again: {Summary}", state.Summary);
                else _logger.LogWarning("Storage warning: {Summary}", state.Summary);
                await _audit.WriteAsync("system:storage", state.Ok ? "storage.ok" : "storage.warning", null, state.Summary, null, ct);
            }

            _lastKey = key;
            return state;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<StorageState> MeasureAsync(CancellationToken ct)
    {
        var o = _options.Storage;
        long bytes;
        using (var db = _db.Open())
        {
            bytes = await (from r in db.Recordings
                           join c in db.Calls on r.CallId equals c.Id
                           where c.Status != CallStatus.Deleted
                           select r.SizeBytes).SumAsync(x => (long?)x, ct) ?? 0;
        }

        var data = Path.GetFullPath(_options.DataDirectory);
        var dataFree = FreeMb(data);
        var spoolFree = FreeMb(_options.SpoolRoot);
        var warnings = new List<string>();
        if (o.RecordingsQuotaBytes > 0 && bytes > o.RecordingsQuotaBytes)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"quota: recordings take {bytes} bytes, over the quota of {o.RecordingsQuotaBytes} bytes"));
        }

        if (o.LowFreeSpaceMb > 0 && dataFree is { } df && df < o.LowFreeSpaceMb)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"data disk: {df} MB free, below {o.LowFreeSpaceMb} MB"));
        }

        if (o.LowFreeSpaceMb > 0 && spoolFree is { } sf && sf < o.LowFreeSpaceMb && sf != dataFree)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"spool disk: {sf} MB free, below {o.LowFreeSpaceMb} MB"));
        }

        return new StorageState(_time.GetUtcNow(), bytes, o.RecordingsQuotaBytes, dataFree, spoolFree, warnings);
    }

    public void Dispose() => _one.Dispose();

    private static long? FreeMb(string path)
    {
        try
        {
            // The spool folder may not exist yet; its disk is then the nearest existing parent's.
            while (!Directory.Exists(path) && Path.GetDirectoryName(path) is { } parent) path = parent;
            return new DriveInfo(path).AvailableFreeSpace / (1024 * 1024);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
