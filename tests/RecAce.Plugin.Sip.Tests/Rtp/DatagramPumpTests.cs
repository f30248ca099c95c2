using System.Net;
using System.Net.Sockets;
using RecAce.Plugin.Sip.Rtp;

namespace RecAce.Plugin.Sip.Tests.Rtp;

public sealed class DatagramPumpTests
{
    [Fact]
    public async Task StopAsync_PacketsQueuedBeforeTheStop_AreAllHandledFirst()
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
        });
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

    [Fact]
    public async Task StopAsync_Idle_EndsTheThreadAndClosesTheSocket()
    {
        var socket = Bound(out _);
        var calls = 0;
        var pump = new DatagramPump(socket, "test-pump", (_, _) => Interlocked.Increment(ref calls));
        pump.Start();

        await pump.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, calls);
        Assert.Throws<ObjectDisposedException>(() => socket.Available);
    }

    [Fact]
    public async Task StopAsync_NeverStarted_ClosesTheSocket()
    {
        var socket = Bound(out _);
        var pump = new DatagramPump(socket, "test-pump", (_, _) => { });

        await pump.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Throws<ObjectDisposedException>(() => socket.Available);
    }

    [Fact]
    public async Task Handler_GivenTheSource_SeesTheSendersAddress()
    {
        var socket = Bound(out var target);
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = new DatagramPump(socket, "test-pump", (_, source) =>
            seen.TrySetResult(RtpSource.IsAllowed(source, [IPAddress.Loopback]) && !RtpSource.IsAllowed(source, [IPAddress.Parse("192.0.2.1")])));
        pump.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo(new byte[] { 1 }, target);

        Assert.True(await seen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await pump.StopAsync();
    }

    private static Socket Bound(out IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        endPoint = (IPEndPoint)socket.LocalEndPoint!;
        return socket;
    }
}
