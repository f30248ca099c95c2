namespace RecAce.Plugins;

/// <summary>
/// A telephony adapter: the part of a plugin that brings calls into RecAce (a SIP listener, a
/// mirror-port capture, a folder of files a PBX writes, ...).
/// </summary>
/// <remarks>
/// <para>The host creates one instance per enabled plugin with the type's public parameterless
/// constructor, then calls <see cref="StartAsync"/> once. <see cref="StopAsync"/> is called once
/// at shutdown or before a restart after a fault; a stopped instance is discarded, never started
/// again.</para>
/// <para>Thread safety: the host never calls <see cref="StartAsync"/> and <see cref="StopAsync"/>
/// concurrently; <see cref="CheckHealthAsync"/> may be called at any time from any thread.</para>
/// <para>Exceptions thrown from any member are contained by the host: the plugin is marked
/// Faulted, stopped, and started again later with an escalating back-off (one minute doubling
/// up to one day by default).</para>
/// </remarks>
public interface ITelephonyAdapter
{
    /// <summary>
    /// Starts the adapter. Return once it is running; long-running work belongs on background
    /// tasks the adapter owns and ends in <see cref="StopAsync"/>.
    /// </summary>
    /// <param name="context">Services the host gives the adapter: the call sink, its configuration
    /// section <c>Plugins:&lt;id&gt;</c>, logging and time. Valid until <see cref="StopAsync"/> returns.</param>
    /// <param name="cancellationToken">Cancelled when the host gives up waiting for the start
    /// (30 seconds by default) or shuts down.</param>
    Task StartAsync(IAdapterContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Stops the adapter: stop accepting calls, close every open <see cref="ICallRecording"/> and
    /// end background work. Calls left open are closed by the host with
    /// <see cref="CallEndReason.AdapterStopped"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the host stops waiting (10 seconds by default).</param>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reports the adapter's health. Called every 30 seconds by default and for every
    /// <c>/healthz</c> request (results may be cached by the host for up to 5 seconds).
    /// Must be cheap and must not block on I/O for longer than a second.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the caller stops waiting.</param>
    ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken);
}
