using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RecAce.Bench;

/// <summary>
/// The RTP side of the SIP benchmarks, run as a process of its own (this program with
/// <c>--rtp-load</c> or <c>--rtp-peer</c>) so that generating and measuring the load does not
/// compete with the recorder inside the measured process. Each mode sends from one dedicated
/// thread that paces every stream at 20 ms and receives on dedicated threads; it prints
/// <c>name: value</c> lines when its standard input says <c>stop</c> (or closes).
/// </summary>
internal static class RtpPeerProcess
{
    /// <summary>Marks our own stamped packets (the announcement also reaches the peer).</summary>
    private const long Stamp = 0x52656341636542;

    private static readonly long Origin = Stopwatch.GetTimestamp();

    private static double NowMs => Stopwatch.GetElapsedTime(Origin).TotalMilliseconds;

    /// <summary>Starts this program in one of the RTP modes.</summary>
    public static Process Start(params string[] arguments)
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Run through `dotnet` when this program was started as `dotnet RecAce.Bench.dll`.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(RtpPeerProcess).Assembly.Location);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Asks a started peer to stop and returns its <c>name: value</c> lines.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> StopAsync(Process peer)
    {
        await peer.StandardInput.WriteLineAsync("stop");
        peer.StandardInput.Close();
        var lines = new Dictionary<string, string>();
        while (await peer.StandardOutput.ReadLineAsync() is { } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) lines[line[..colon]] = line[(colon + 1)..].Trim();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await peer.WaitForExitAsync(cts.Token);
        return lines;
    }

    /// <summary>
    /// SIPREC load: follows a file to which sipp appends "port1 port2" for each answered call and
    /// sends 20 ms G.711 to both ports for the given seconds (2 × 50 packets/s per call).
    /// </summary>
    public static int RunLoad(string portsFile, int seconds)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SendBufferSize = 4 * 1024 * 1024;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var streams = new List<OutStream>();
        var stop = false;
        var sent = 0L;
        var sendErrors = 0L;
        var maxLateMs = 0.0;
        var lateOver5 = 0L;
        var sender = new Thread(() =>
        {
            var payload = new byte[172];
            payload.AsSpan(12).Fill(0xFF);
            var offset = 0L;
            var pending = string.Empty;
            while (!Volatile.Read(ref stop))
            {
                // New calls: sipp appends their ports (sipp's own exec, one line per call).
                if (File.Exists(portsFile))
                {
                    using var f = new FileStream(portsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    if (f.Length > offset)
                    {
                        f.Position = offset;
                        var buffer = new byte[f.Length - offset];
                        var n = f.Read(buffer);
                        offset += n;
                        pending += System.Text.Encoding.ASCII.GetString(buffer, 0, n);
                        int nl;
                        while ((nl = pending.IndexOf('\n', StringComparison.Ordinal)) >= 0)
                        {
                            var parts = pending[..nl].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                            pending = pending[(nl + 1)..];
                            var now = NowMs;
                            foreach (var p in parts)
                            {
                                if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                                    streams.Add(new OutStream(new IPEndPoint(IPAddress.Loopback, port), now, seconds * 50));
                            }
                        }
                    }
                }

                var next = double.MaxValue;
                var at = NowMs;
                foreach (var s in streams)
                {
                    while (s.Sequence < s.Count && s.Due(s.Sequence) <= at)
                    {
                        var late = at - s.Due(s.Sequence);
                        if (late > maxLateMs) maxLateMs = late;
                        if (late > 5) lateOver5++;
                        payload[0] = 0x80;
                        payload[1] = (byte)(s.Sequence == 0 ? 0x80 : 0);
                        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2), (ushort)s.Sequence);
                        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)(s.Sequence * 160));
                        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(8), (uint)s.Target.Port);
                        try
                        {
                            socket.SendTo(payload, s.Target);
                            sent++;
                        }
                        catch (SocketException)
                        {
                            sendErrors++;
                        }

                        s.Sequence++;
                    }

                    if (s.Sequence < s.Count) next = Math.Min(next, s.Due(s.Sequence));
                }

                streams.RemoveAll(s => s.Sequence >= s.Count);
                var wait = Math.Min(next - NowMs, 5);
                if (wait >= 1) Thread.Sleep((int)wait);
            }
        }) { IsBackground = true, Name = "rtp-load", Priority = ThreadPriority.AboveNormal };
        sender.Start();
        Console.Out.Flush();
        WaitForStop();
        Volatile.Write(ref stop, true);
        sender.Join();
        Console.WriteLine($"sent: {sent}");
        Console.WriteLine($"send_errors: {sendErrors}");
        Console.WriteLine($"max_late_ms: {maxLateMs.ToString("0.0", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"late_over_5ms: {lateOver5}");
        return 0;
    }

    /// <summary>
    /// In-line recorder peers: two sockets (caller side, callee side). Each streams stamped 20 ms
    /// packets to every relay port it hears from (until that port falls silent for a second) and
    /// measures, for each stamped packet it receives, the one-way time through the relay.
    /// Each stream is sent at a phase of its own within the 20 ms, as independent calls are (a
    /// call's packets follow its own start); <paramref name="aligned"/> sends every stream in the
    /// same instant instead, the worst case of 300 packets arriving at once every 20 ms.
    /// </summary>
    public static int RunPeer(bool aligned)
    {
        using var caller = new Side(aligned);
        using var callee = new Side(aligned);
        Console.WriteLine($"ports: {caller.Port} {callee.Port}");
        Console.Out.Flush();
        var stop = false;
        var sender = new Thread(() =>
        {
            // A millisecond tick: each stream is sent when its own 20 ms comes round.
            var started = Stopwatch.GetTimestamp();
            for (var tick = 0L; !Volatile.Read(ref stop); tick++)
            {
                var due = TimeSpan.FromMilliseconds(tick * (aligned ? 20 : 1)) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero) Thread.Sleep(due);
                caller.SendDue();
                callee.SendDue();
            }
        }) { IsBackground = true, Name = "rtp-peer-send", Priority = ThreadPriority.AboveNormal };
        sender.Start();
        WaitForStop();
        Volatile.Write(ref stop, true);
        sender.Join();
        caller.Close();
        callee.Close();
        var all = caller.Latencies().Concat(callee.Latencies()).ToArray();
        Array.Sort(all);
        var jitter = caller.Jitter().Concat(callee.Jitter()).DefaultIfEmpty(0).Average();
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"sent: {caller.Sent + callee.Sent}");
        Console.WriteLine($"received: {all.Length}");
        Console.WriteLine($"to_callee: {callee.Latencies().Count}");
        Console.WriteLine($"to_caller: {caller.Latencies().Count}");
        Console.WriteLine($"p50: {Percentile(all, 0.50).ToString("0.000", inv)}");
        Console.WriteLine($"p99: {Percentile(all, 0.99).ToString("0.000", inv)}");
        Console.WriteLine($"p999: {Percentile(all, 0.999).ToString("0.000", inv)}");
        Console.WriteLine($"max: {(all.Length == 0 ? 0 : all[^1]).ToString("0.000", inv)}");
        Console.WriteLine($"jitter: {jitter.ToString("0.000", inv)}");
        Console.WriteLine($"peer_gc: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, {GC.GetTotalPauseDuration().TotalMilliseconds.ToString("0", inv)} ms");
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static void WaitForStop()
    {
        while (Console.In.ReadLine() is { } line)
        {
            if (line.Trim() == "stop") return;
        }
    }

    private sealed class OutStream(IPEndPoint target, double startMs, int count)
    {
        public IPEndPoint Target { get; } = target;

        public int Count { get; } = count;

        public int Sequence;

        public double Due(int sequence) => startMs + (sequence * 20.0);
    }

    /// <summary>
    /// One side's socket: a dedicated receive thread stamps arrivals; the sender thread streams to
    /// every port heard from. Neither allocates per packet (addresses kept as <see cref="SocketAddress"/>):
    /// a collection in this process would stop its receive thread and count as the relay's delay.
    /// </summary>
    private sealed class Side : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Lock _gate = new();
        private readonly Dictionary<int, Stream> _streams = [];
        private readonly Thread _receiver;
        private readonly byte[] _payload = new byte[172];
        private readonly bool _aligned;
        private Stream[] _snapshot = [];

        public Side(bool aligned)
        {
            _aligned = aligned;
            _socket.ReceiveBufferSize = 8 * 1024 * 1024;
            _socket.SendBufferSize = 4 * 1024 * 1024;
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
            _receiver = new Thread(Receive) { IsBackground = true, Name = "rtp-peer-receive", Priority = ThreadPriority.AboveNormal };
            _receiver.Start();
        }

        public int Port { get; }

        public long Sent { get; private set; }

        public List<double> Latencies()
        {
            lock (_gate) return [.. _streams.Values.SelectMany(s => s.Latencies)];
        }

        public List<double> Jitter()
        {
            lock (_gate) return [.. _streams.Values.Where(s => s.Latencies.Count > 50).Select(s => s.Jitter)];
        }

        /// <summary>Sends one packet to each stream whose time has come (heard from in the last second).</summary>
        public void SendDue()
        {
            var now = NowMs;
            foreach (var stream in Volatile.Read(ref _snapshot))
            {
                if (stream.NextDue > now || now - Volatile.Read(ref stream.LastHeard) >= 1000) continue;
                stream.NextDue += 20;
                // Far behind (this thread was stalled): start again from now rather than send a burst.
                if (stream.NextDue < now - 20) stream.NextDue = now;
                _payload[0] = 0x80;
                _payload[1] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(_payload.AsSpan(2), (ushort)stream.Sequence);
                BinaryPrimitives.WriteUInt32BigEndian(_payload.AsSpan(4), (uint)(stream.Sequence * 160));
                BinaryPrimitives.WriteUInt32BigEndian(_payload.AsSpan(8), (uint)Port);
                stream.Sequence++;
                _payload.AsSpan(12).Fill(0xFF);
                BinaryPrimitives.WriteDoubleLittleEndian(_payload.AsSpan(12), NowMs);
                BinaryPrimitives.WriteInt64LittleEndian(_payload.AsSpan(20), Stamp);
                try
                {
                    _socket.SendTo(_payload, SocketFlags.None, stream.Address);
                    Sent++;
                }
                catch (SocketException)
                {
                    // The relay's port has closed: the call ended.
                }
            }
        }

        private void Receive()
        {
            var buffer = new byte[2048];
            var source = new SocketAddress(AddressFamily.InterNetwork);
            while (true)
            {
                int n;
                try
                {
                    n = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
                }
                catch (SocketException e) when (e.SocketErrorCode != SocketError.Interrupted && e.SocketErrorCode != SocketError.OperationAborted)
                {
                    continue;
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                var now = NowMs;
                // sockaddr_in: family (2 bytes), then the port in network order.
                var from = BinaryPrimitives.ReadUInt16BigEndian(source.Buffer.Span[2..]);
                lock (_gate)
                {
                    if (!_streams.TryGetValue(from, out var stream))
                    {
                        // Independent calls start at any moment: a phase of its own within the 20 ms, spread by the port.
                        var phase = _aligned ? 0 : (from * 7 % 20);
                        var aligned = Math.Ceiling(now / 20) * 20;
                        _streams[from] = stream = new Stream(new IPEndPoint(IPAddress.Loopback, from).Serialize(), aligned + phase);
                        Volatile.Write(ref _snapshot, [.. _snapshot, stream]);
                    }

                    Volatile.Write(ref stream.LastHeard, now);
                    if (n >= 28 && BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(20)) == Stamp)
                        stream.Add(now - BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(12)));
                }
            }
        }

        public void Close()
        {
            _socket.Close();
            _receiver.Join(TimeSpan.FromSeconds(2));
        }

        public void Dispose() => _socket.Dispose();

        private sealed class Stream(SocketAddress address, double firstDue)
        {
            private double? _lastTransit;

            public SocketAddress Address { get; } = address;

            public double NextDue = firstDue;

            public long Sequence;

            public double LastHeard;

            /// <summary>Room for 80 s of packets, so a growing list does not allocate during the run (and stays off the large-object heap).</summary>
            public List<double> Latencies { get; } = new(4096);

            public double Jitter { get; private set; }

            public void Add(double transit)
            {
                Latencies.Add(transit);
                if (_lastTransit is { } last) Jitter += (Math.Abs(transit - last) - Jitter) / 16;
                _lastTransit = transit;
            }
        }
    }
}
