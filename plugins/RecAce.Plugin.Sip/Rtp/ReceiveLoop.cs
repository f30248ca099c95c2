using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace RecAce.Plugin.Sip.Rtp;

/// <summary>
/// One thread blocked in <c>epoll_wait</c> over many RTP sockets: when sockets become readable it
/// reads each with a non-blocking <c>recvfrom</c> and hands every datagram to that socket's handler
/// on this thread. A thread per socket costs a wake-up and a context switch per packet, and when 300
/// streams' packets arrive in the same instant, 300 threads compete for two cores; one loop per core
/// takes a whole burst in one wake-up each. Sockets are added from any thread; a socket is removed
/// only by the loop itself (after reading what the kernel still holds for it), so a handler never
/// runs after its removal has completed and the descriptor is never read after it is closed.
/// </summary>
internal sealed unsafe class ReceiveLoop : IDisposable
{
    /// <summary>epoll user data of the loop's own wake-up eventfd; sockets count from 1.</summary>
    private const ulong WakeKey = 0;

    /// <summary>Datagrams read from one socket per wake-up before the others get their turn (level-triggered: it is reported again).</summary>
    private const int FairShare = 32;

    private const int StackBytes = 256 * 1024;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ulong, Registration> _registrations = new();
    private readonly ConcurrentQueue<Registration> _removals = new();
    private readonly Lock _descriptors = new();
    private long _nextKey;
    private volatile bool _disposed;
    private bool _closed;
    private int _handlerFailures;

    private ReceiveLoop(int epoll, int wake, string name, ILogger logger)
    {
        _epoll = epoll;
        _wake = wake;
        _logger = logger;
        _thread = new Thread(Run, StackBytes) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Sockets currently read by this loop.</summary>
    public int Count => _registrations.Count;

    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>A loop, or null where epoll is not available (then each socket gets a thread of its own).</summary>
    public static ReceiveLoop? TryCreate(string name, ILogger logger)
    {
        if (!Epoll.IsSupported) return null;
        var epoll = Epoll.Create(Epoll.CloseOnExec);
        if (epoll < 0)
        {
            logger.LogWarning("epoll_create1 failed (errno {Errno}): RTP sockets get a receive thread each", Marshal.GetLastPInvokeError());
            return null;
        }

        var wake = Epoll.EventFd(0, Epoll.CloseOnExec | Epoll.NonBlock);
        var change = new Epoll.Event { Events = Epoll.In, Data = WakeKey };
        if (wake < 0 || Epoll.Control(epoll, Epoll.CtlAdd, wake, &change) != 0)
        {
            logger.LogWarning("eventfd for the RTP receive loop failed (errno {Errno}): RTP sockets get a receive thread each", Marshal.GetLastPInvokeError());
            if (wake >= 0) Epoll.Close(wake);
            Epoll.Close(epoll);
            return null;
        }

        return new ReceiveLoop(epoll, wake, name, logger);
    }

    /// <summary>Starts reading the socket; null when it cannot be added (the caller reads it otherwise).</summary>
    public Registration? Add(Socket socket, DatagramPump.Handler handler)
    {
        if (_disposed) return null;
        var handle = socket.SafeHandle;
        var added = false;
        handle.DangerousAddRef(ref added);
        var registration = new Registration(this, (ulong)Interlocked.Increment(ref _nextKey), (int)handle.DangerousGetHandle(), handle, handler, socket.AddressFamily);
        _registrations[registration.Key] = registration;
        var change = new Epoll.Event { Events = Epoll.In, Data = registration.Key };
        if (Epoll.Control(_epoll, Epoll.CtlAdd, registration.Fd, &change) == 0) return registration;
        _logger.LogWarning("epoll_ctl could not add an RTP socket (errno {Errno}); it gets a receive thread of its own", Marshal.GetLastPInvokeError());
        _registrations.TryRemove(registration.Key, out _);
        handle.DangerousRelease();
        return null;
    }

    /// <summary>Wakes the loop; false once it is closed (its descriptor numbers may belong to other files by then).</summary>
    private bool Wake()
    {
        lock (_descriptors)
        {
            if (_closed) return false;
            ulong one = 1;
            Epoll.Write(_wake, (byte*)&one, sizeof(ulong));
            return true;
        }
    }

    private void Run()
    {
        var events = new Epoll.Event[64];
        var buffer = new byte[2048];
        try
        {
            while (!_disposed)
            {
                int ready;
                fixed (Epoll.Event* e = events) ready = Epoll.Wait(_epoll, e, events.Length, -1);
                if (ready < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Epoll.ErrorInterrupted) continue;
                    _logger.LogError("epoll_wait failed (errno {Errno}); the RTP receive loop stops", Marshal.GetLastPInvokeError());
                    return;
                }

                for (var i = 0; i < ready; i++)
                {
                    if (events[i].Data == WakeKey)
                    {
                        ulong count;
                        Epoll.Read(_wake, (byte*)&count, sizeof(ulong));
                        continue;
                    }

                    if (_registrations.TryGetValue(events[i].Data, out var registration) && !registration.Removed) Receive(registration, buffer, FairShare);
                }

                while (_removals.TryDequeue(out var removal)) Remove(removal, buffer);
            }
        }
        finally
        {
            // Disposed (or failed): whoever waits for a removal is released; their sockets are closed by them.
            while (_removals.TryDequeue(out var removal)) removal.Complete();
            foreach (var registration in _registrations.Values) registration.Complete();
        }
    }

    /// <summary>Reads up to <paramref name="limit"/> datagrams from the socket; false when it is empty.</summary>
    private bool Receive(Registration registration, byte[] buffer, int limit)
    {
        var source = registration.Source;
        for (var n = 0; n < limit; n++)
        {
            var length = (uint)source.Buffer.Length;
            nint received;
            fixed (byte* b = buffer)
            fixed (byte* a = source.Buffer.Span)
            {
                received = Epoll.ReceiveFrom(registration.Fd, b, (nuint)buffer.Length, Epoll.DontWait, a, &length);
            }

            if (received < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                // An ICMP error for an earlier send (the peer's port closed) or a signal: keep reading.
                if (error is Epoll.ErrorInterrupted or Epoll.ErrorConnectionRefused) continue;
                return false;
            }

            source.Size = (int)length;
            try
            {
                registration.Handler(buffer.AsMemory(0, (int)received), source);
            }
            catch (Exception ex)
            {
                // A handler that throws must not end the loop: every other socket on it would go deaf.
                if (Interlocked.Increment(ref _handlerFailures) <= 10) _logger.LogError(ex, "An RTP handler failed on {Loop}; the packet is dropped", _thread.Name);
            }
        }

        return true;
    }

    /// <summary>On the loop: reads what the kernel still holds for the socket, then takes it out of epoll.</summary>
    private void Remove(Registration registration, byte[] buffer)
    {
        if (registration.Removed) return;
        // Bounded: a socket flooded faster than it is read would otherwise keep the loop here.
        for (var rounds = 0; rounds < 64 && Receive(registration, buffer, FairShare); rounds++)
        {
        }

        Detach(registration);
    }

    private void Detach(Registration registration)
    {
        registration.Removed = true;
        Epoll.Control(_epoll, Epoll.CtlDel, registration.Fd, null);
        _registrations.TryRemove(registration.Key, out _);
        registration.Complete();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Wake();
        if (!IsCurrentThread) _thread.Join(TimeSpan.FromSeconds(5));
        lock (_descriptors)
        {
            _closed = true;
            Epoll.Close(_wake);
            Epoll.Close(_epoll);
        }
    }

    /// <summary>One socket read by the loop.</summary>
    internal sealed class Registration
    {
        private readonly ReceiveLoop _loop;
        private readonly SafeHandle _handle;
        private readonly TaskCompletionSource _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _released;

        public Registration(ReceiveLoop loop, ulong key, int fd, SafeHandle handle, DatagramPump.Handler handler, AddressFamily family)
        {
            _loop = loop;
            Key = key;
            Fd = fd;
            _handle = handle;
            Handler = handler;
            Source = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        }

        public ulong Key { get; }

        public int Fd { get; }

        public DatagramPump.Handler Handler { get; }

        /// <summary>Reused for every datagram, like the thread pump's.</summary>
        public SocketAddress Source { get; }

        public volatile bool Removed;

        /// <summary>
        /// Reads what is queued for the socket, then stops reading it; completes when no handler
        /// call for it can run any more. The caller closes the socket after it.
        /// </summary>
        public Task RemoveAsync()
        {
            if (_loop.IsCurrentThread)
            {
                // From a handler of this loop: nothing else of it is running.
                _loop.Detach(this);
                return Task.CompletedTask;
            }

            _loop._removals.Enqueue(this);
            // Closed: the loop's thread has ended and released every socket it held (an ending
            // thread releases them on its way out).
            if (!_loop.Wake()) Complete();

            return _removed.Task;
        }

        public void Complete()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) _handle.DangerousRelease();
            _removed.TrySetResult();
        }
    }
}
