namespace RecAce.Plugins;

/// <summary>
/// Optional: implemented by an adapter that can also read a recorded capture file (pcap, pcapng)
/// through the same code it uses live. The host's <c>import-pcap</c> verb looks for it on the
/// loaded adapter.
/// </summary>
/// <remarks>
/// An importer must not need <see cref="ITelephonyAdapter.StartAsync"/> to have been called, and one
/// instance may import one file at a time. Bad input is counted in the result, never thrown, except
/// when the file cannot be opened or is not a capture file at all.
/// </remarks>
public interface IOfflineImporter
{
    /// <summary>Reads the whole file and hands every call it recovers to <see cref="IAdapterContext.CallSink"/>.</summary>
    /// <param name="path">The capture file.</param>
    /// <param name="context">Where calls go, and the adapter's configuration and logging.</param>
    /// <param name="cancellationToken">Stops the import; calls already opened are closed.</param>
    /// <returns>What was read and recovered.</returns>
    /// <exception cref="InvalidDataException">The file is not a capture file this importer reads.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    Task<OfflineImportResult> ImportAsync(string path, IAdapterContext context, CancellationToken cancellationToken);
}
