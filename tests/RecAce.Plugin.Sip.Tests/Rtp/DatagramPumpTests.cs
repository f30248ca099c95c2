using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Plugin.Sip.Rtp;

namespace RecAce.Plugin.Sip.Tests.Rtp;

/// <summary>Each behaviour with a thread per socket and on the epoll receive loops (the default on Linux x86-64).</summary>
public sealed class DatagramPumpTests : IDisposable
{
    private readonly ReceiveLoops? _loops = ReceiveLoops.TryCreate(2, NullLogger.Instance);

    public static TheoryData<bool> Modes => new() { false, true };

    public void Dispose() => _loops?.Dispose();

    private ReceiveLoops? Loops(bool onLoops)
    {
        if (!onLoops) return null;
        Assert.True(_loops is not null || !Epoll.IsSupported, "epoll receive loops could not be made on a system that has epoll");
        return _loops;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task StopAsync_PacketsQueuedBeforeTheStop_AreAllHandledFirst(bool onLoops)
    {
        var socket = Bound(out var target);
        using var firstHandled = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var handled = new List<int>();
        var pump = new DatagramPump(socket, "test-pump", (datagram, _) =>
        {
            lock (handled) handled.Add(datagram.Span[0]);
            firstHandled.Set();
            // The first packet holds the thread, so the rest wait in the kernel's queue.
            release.Wait(TimeSpan.FromSeconds(10));
        }, Loops(onLoops));
        pump.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo(new byte[] { 0 }, target);
        Assert.True(firstHandled.Wait(TimeSpan.FromSeconds(10)));
        for (var i = 1; i < 100; i++) sender.SendTo(new byte[] { (byte)i }, target);

        var stopping = pump.StopAsync();
        release.Set();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        lock (handled) Assert.Equal(Enumerable.Range(0, 100), handled);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task StopAsync_Idle_EndsTheThreadAndClosesTheSocket(bool onLoops)
    {
        var socket = Bound(out _);
        var calls = 0;
        var pump = new DatagramPump(socket, "test-pump", (_, _) => Interlocked.Increment(ref calls), Loops(onLoops));
        pump.Start();

        await pump.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, calls);
        Assert.Throws<ObjectDisposedException>(() => socket.Available);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task StopAsync_NeverStarted_ClosesTheSocket(bool onLoops)
    {
        var socket = Bound(out _);
        var pump = new DatagramPump(socket, "test-pump", (_, _) => { }, Loops(onLoops));

        await pump.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Throws<ObjectDisposedException>(() => socket.Available);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Handler_GivenTheSource_SeesTheSendersAddress(bool onLoops)
    {
        var socket = Bound(out var target);
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = new DatagramPump(socket, "test-pump", (_, source) =>
            seen.TrySetResult(RtpSource.IsAllowed(source, [IPAddress.Loopback]) && !RtpSource.IsAllowed(source, [IPAddress.Parse("192.0.2.1")])), Loops(onLoops));
        pump.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo(new byte[] { 1 }, target);

        Assert.True(await seen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await pump.StopAsync();
    }

    [Fact]
    public async Task Loops_ManySocketsSomeStoppedMidStream_EachGetsItsOwnPacketsAndNoneAfterItsStop()
    {
        var loops = Loops(onLoops: true);
        if (loops is null) return; // A system without epoll: the thread mode above is what runs there.
        const int Sockets = 200;
        var received = new int[Sockets];
        var wrongSocket = 0;
        var afterStop = 0;
        var stopped = new bool[Sockets];
        var targets = new IPEndPoint[Sockets];
        var pumps = new DatagramPump[Sockets];
        for (var i = 0; i < Sockets; i++)
        {
            var index = i;
            pumps[i] = new DatagramPump(Bound(out targets[i]), $"test-{i}", (datagram, _) =>
            {
                if (Volatile.Read(ref stopped[index])) Interlocked.Increment(ref afterStop);
                if (BitConverter.ToInt32(datagram.Span) != index) Interlocked.Increment(ref wrongSocket);
                Interlocked.Increment(ref received[index]);
            }, loops);
            pumps[i].Start();
        }

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < Sockets; i++)
            {
                if (round < 10 || i % 2 == 0) sender.SendTo(BitConverter.GetBytes(i), targets[i]);
            }

            if (round == 9)
            {
                // The odd sockets stop after ten packets each: everything sent before is handled, nothing after.
                await Task.WhenAll(Enumerable.Range(0, Sockets).Where(i => i % 2 == 1).Select(i => pumps[i].StopAsync())).WaitAsync(TimeSpan.FromSeconds(20));
                for (var i = 1; i < Sockets; i += 2) Volatile.Write(ref stopped[i], true);
            }
        }

        Assert.True(await Eventually.TrueAsync(() => Enumerable.Range(0, Sockets).Where(i => i % 2 == 0).All(i => Volatile.Read(ref received[i]) == 20), TimeSpan.FromSeconds(20)));
        await Task.WhenAll(Enumerable.Range(0, Sockets).Where(i => i % 2 == 0).Select(i => pumps[i].StopAsync())).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, wrongSocket);
        Assert.Equal(0, afterStop);
        Assert.All(Enumerable.Range(0, Sockets), i => Assert.Equal(i % 2 == 0 ? 20 : 10, received[i]));
    }

    [Fact]
    public async Task Loops_HandlerThrows_OtherSocketsOnTheLoopKeepReceiving()
    {
        var loops = Loops(onLoops: true);
        if (loops is null) return;
        using var single = ReceiveLoops.TryCreate(1, NullLogger.Instance)!;
        var good = 0;
        var faulty = new DatagramPump(Bound(out var faultyTarget), "faulty", (_, _) => throw new InvalidOperationException("handler failure"), single);
        var healthy = new DatagramPump(Bound(out var healthyTarget), "healthy", (_, _) => Interlocked.Increment(ref good), single);
        faulty.Start();
        healthy.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (var i = 0; i < 5; i++)
        {
            sender.SendTo(new byte[] { 1 }, faultyTarget);
            sender.SendTo(new byte[] { 2 }, healthyTarget);
        }

        Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref good) == 5, TimeSpan.FromSeconds(10)));
        await Task.WhenAll(faulty.StopAsync(), healthy.StopAsync()).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5, good);
    }

    private static Socket Bound(out IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        endPoint = (IPEndPoint)socket.LocalEndPoint!;
        return socket;
    }
}
