using Microsoft.Extensions.Logging;
using RecAce.Core.Calls;
using RecAce.Data.Entities;
using RecAce.Plugins;

namespace RecAce.Core.Spool;

/// <summary>
/// At start, finds spools left by a crash: calls still marked Recording are closed as recovered
/// with whatever audio reached the disk and queued for finalization; closed calls whose
/// finalization never ran are queued again; spools of finalized calls are removed.
/// </summary>
public sealed class SpoolRecovery
{
    private readonly CallIntake _intake;
    private readonly CallStore _store;
    private readonly IFinalizeQueue _queue;
    private readonly ILogger<SpoolRecovery> _logger;

    public SpoolRecovery(CallIntake intake, CallStore store, IFinalizeQueue queue, ILogger<SpoolRecovery> logger)
    {
        _intake = intake;
        _store = store;
        _queue = queue;
        _logger = logger;
    }

    /// <returns>The number of calls recovered from a crash.</returns>
    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        var recovered = 0;
        foreach (var folder in Directory.EnumerateDirectories(_intake.SpoolRoot))
        {
            try
            {
                if (await RecoverOneAsync(folder, ct)) recovered++;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
            {
                // One damaged spool must not stop the others; it stays on disk for a person to look at.
                _logger.LogError(e, "The spool {Folder} could not be recovered and is left in place", folder);
            }
        }

        if (recovered > 0) _logger.LogWarning("Recovered {Count} calls interrupted by a crash", recovered);
        return recovered;
    }

    private async Task<bool> RecoverOneAsync(string folder, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(folder, SpoolManifest.FileName)))
        {
            _logger.LogWarning("The spool folder {Folder} has no manifest and is left in place", folder);
            return false;
        }

        var manifest = SpoolManifest.Read(folder);
        var call = await _store.GetAsync(manifest.CallId, ct);
        switch (call?.Status)
        {
            case null:
                _logger.LogWarning("The spool {Folder} belongs to no known call and is left in place", folder);
                return false;
            case CallStatus.Recording:
                foreach (var leg in manifest.Legs) TrimTornSample(Path.Combine(folder, leg.FileName));
                manifest.ClosedAt ??= manifest.MediaEnd ?? Directory.GetLastWriteTimeUtc(folder);
                manifest.EndReason ??= CallEndReason.Unknown;
                manifest.Write(folder);
                await _intake.CloseInStoreAsync(manifest, folder, recovered: true, ct);
                _logger.LogWarning("Call {CallId} was interrupted while recording; closed as recovered", manifest.CallId);
                return true;
            case CallStatus.Closed or CallStatus.FinalizeFailed:
                await _queue.EnqueueAsync(manifest.CallId, TimeSpan.Zero, ct);
                return false;
            default:
                Directory.Delete(folder, recursive: true);
                return false;
        }
    }

    /// <summary>A kill can land between the two bytes of a sample; drop the half sample.</summary>
    private static void TrimTornSample(string path)
    {
        if (!File.Exists(path)) return;
        var length = new FileInfo(path).Length;
        if (length % 2 == 0) return;
        using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
        f.SetLength(length - 1);
    }
}
