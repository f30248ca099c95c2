using Microsoft.Extensions.Logging;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Files;

/// <summary>Feeds a capture file through the same <see cref="CaptureEngine"/> the live capture uses, with packet timestamps as time.</summary>
internal static class OfflineImport
{
    private const int BatchSize = 4096;

    public static async Task<OfflineImportResult> RunAsync(string path, CaptureOptions options, ICallSink sink, ILogger logger, CancellationToken ct)
    {
        var counters = new CaptureCounters();
        using var reader = CaptureFileReader.Open(path, counters);
        var engine = new CaptureEngine(options, sink, counters, logger, "file:" + Path.GetFileName(path));
        try
        {
            while (ReadBatch(reader, engine))
            {
                ct.ThrowIfCancellationRequested();
                if (engine.HasPendingWork) await engine.RunPendingAsync(ct);
            }
            if (engine.HasPendingWork) await engine.RunPendingAsync(ct);
        }
        finally
        {
            // Calls already handed to the core are closed whatever happened, so none is left open.
            await engine.FinishAsync(CallEndReason.Unknown, CancellationToken.None);
        }
        return new OfflineImportResult(counters.Packets, (int)counters.CallsOpened, counters.Errors, counters.Snapshot());
    }

    /// <summary>Reads frames until one leaves work to await, or a batch is done; false at the end of the file.</summary>
    private static bool ReadBatch(CaptureFileReader reader, CaptureEngine engine)
    {
        for (var i = 0; i < BatchSize; i++)
        {
            if (!reader.TryReadNext(out var frame)) return false;
            engine.Accept(frame.LinkType, frame.Time, frame.Data);
            if (engine.HasPendingWork) return true;
        }
        return true;
    }
}
