using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RecAce.Plugin.Sip.Rtp;

/// <summary>
/// The adapter's RTP receive loops (<see cref="ReceiveLoop"/>), a socket given to the least busy.
/// Made by the adapter at start and disposed after its calls have ended. Thread-safe.
/// </summary>
internal sealed class ReceiveLoops : IDisposable
{
    private readonly ReceiveLoop[] _loops;

    private ReceiveLoops(ReceiveLoop[] loops) => _loops = loops;

    /// <summary>One loop per core, at most four: a loop is busy only while it reads, and more threads contend for the same cores.</summary>
    public static int DefaultCount => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>The loops, or null when <paramref name="count"/> is 0 or epoll is not available here (each socket then gets a thread of its own).</summary>
    public static ReceiveLoops? TryCreate(int count, ILogger logger)
    {
        if (count <= 0 || !Epoll.IsSupported) return null;
        var loops = new List<ReceiveLoop>(count);
        for (var i = 0; i < count; i++)
        {
            if (ReceiveLoop.TryCreate($"rtp-loop-{i}", logger) is not { } loop) break;
            loops.Add(loop);
        }

        return loops.Count == 0 ? null : new ReceiveLoops([.. loops]);
    }

    public int Count => _loops.Length;

    /// <summary>Starts reading the socket on the loop with the fewest sockets; null when no loop could take it.</summary>
    public ReceiveLoop.Registration? Add(Socket socket, DatagramPump.Handler handler)
    {
        var least = _loops[0];
        foreach (var loop in _loops)
        {
            if (loop.Count < least.Count) least = loop;
        }

        return least.Add(socket, handler);
    }

    public void Dispose()
    {
        foreach (var loop in _loops) loop.Dispose();
    }
}
