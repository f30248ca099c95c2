using System.Net;
using System.Net.Sockets;

namespace RecAce.Plugin.Sip.Rtp;

/// <summary>
/// Receives one RTP socket's datagrams and hands each to a handler: on one of the adapter's epoll
/// receive loops when it has them (<see cref="ReceiveLoops"/>, Linux), otherwise on a thread of its
/// own, blocked in the kernel between packets. An <c>await ReceiveFromAsync</c> loop per
/// socket costs a thread-pool hop per packet, so under load a packet waits behind every other queued
/// work item of the process; a blocked thread is woken by the kernel directly and nothing else runs
/// on it. The buffer and the source address are reused for every packet: nothing is allocated per
/// packet here.
/// </summary>
internal sealed class DatagramPump
{
    /// <summary>Small: the handler's work is shallow; the default (1.5 MB+) would only reserve address space per call.</summary>
    private const int StackBytes = 256 * 1024;

    private readonly Socket _socket;
    private readonly Handler _handler;
    private readonly ReceiveLoops? _loops;
    private readonly Thread _thread;
    private ReceiveLoop.Registration? _registration;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private volatile bool _draining;
    private bool _started;

    /// <summary>Called on the pump's thread for each datagram; <paramref name="datagram"/> and <paramref name="source"/> are reused afterwards.</summary>
    public delegate void Handler(ReadOnlyMemory<byte> datagram, SocketAddress source);

    public DatagramPump(Socket socket, string name, Handler handler, ReceiveLoops? loops = null)
    {
        _socket = socket;
        _handler = handler;
        _loops = loops;
        _thread = new Thread(Run, StackBytes) { IsBackground = true, Name = name, Priority = ThreadPriority.AboveNormal };
    }

    public void Start()
    {
        _started = true;
        _registration = _loops?.Add(_socket, _handler);
        if (_registration is null) _thread.Start();
    }

    /// <summary>
    /// Handles what the kernel has already queued for the socket (packets that arrived before the
    /// BYE are part of the call), then closes the socket and waits until no handler call is running
    /// any more. The queue is drained by sending the socket an empty datagram: it is received after
    /// every packet queued before it, and ends the thread.
    /// </summary>
    public async Task StopAsync()
    {
        if (_registration is { } registration)
        {
            // The loop reads what is queued and lets go of the socket before it is closed here.
            var removed = registration.RemoveAsync();
            try
            {
                await removed.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A loop stuck this long is a bug elsewhere; closing the socket ends its reads with an error.
            }

            _stopping = true;
            _socket.Dispose();
            return;
        }

        if (!_started || Thread.CurrentThread == _thread)
        {
            // Never started, or stopped from a handler on the pump's own thread: nothing else can be running.
            _stopping = true;
            _socket.Dispose();
            return;
        }

        _draining = true;
        var drained = Wake();
        if (drained)
        {
            try
            {
                await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The wake-up was lost (a full queue): closing the socket ends the thread instead.
            }
        }

        _stopping = true;
        _socket.Dispose();
        try
        {
            await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A handler stuck this long is a bug elsewhere; the socket is closed either way.
        }
    }

    /// <summary>Sends the empty datagram that ends the drain; false when it cannot be sent.</summary>
    private bool Wake()
    {
        try
        {
            if (_socket.LocalEndPoint is not IPEndPoint local) return false;
            var address = local.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : local.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : local.Address;
            using var waker = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            waker.SendTo([], new IPEndPoint(address, local.Port));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void Run()
    {
        var buffer = new byte[2048];
        var source = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!_stopping)
            {
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
                }
                catch (SocketException) when (!_stopping)
                {
                    // An ICMP error for an earlier send (the peer's port closed) or an interrupted call: keep receiving.
                    continue;
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                // An empty datagram is never RTP: while draining it is our own wake-up, queued after the rest.
                if (_stopping || (_draining && received == 0)) return;
                _handler(buffer.AsMemory(0, received), source);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }
}
