using System.Diagnostics;
using System.Globalization;

namespace RecAce.Bench;

/// <summary>
/// What the media benchmarks print beside their figures, to say where packets were lost or delayed:
/// this process's CPU and memory, garbage collections and their pauses, the thread pool's queue, and
/// the kernel's UDP receive drops (system-wide from /proc/net/snmp, and per socket of the RTP port
/// range from /proc/net/udp, sampled while the sockets are open).
/// </summary>
internal sealed class MediaCounters : IAsyncDisposable
{
    private readonly int _portMin;
    private readonly int _portMax;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _socketDrops = [];
    private readonly Task _sampler;
    private readonly TimeSpan _cpuBefore;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly int[] _gcBefore;
    private readonly TimeSpan _pauseBefore;
    private readonly long _allocatedBefore = GC.GetTotalAllocatedBytes();
    private readonly (long InErrors, long RcvbufErrors) _snmpBefore;
    private readonly List<long> _allocatedSamples = [];
    private long _peakQueue;

    public MediaCounters(int portMin, int portMax)
    {
        _portMin = portMin;
        _portMax = portMax;
        using var self = Process.GetCurrentProcess();
        _cpuBefore = self.TotalProcessorTime;
        _gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        _pauseBefore = GC.GetTotalPauseDuration();
        _snmpBefore = ReadSnmp();
        _sampler = Task.Run(SampleAsync);
    }

    public static string LoadAverage => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    /// <summary>Stops sampling and prints the counters with the given prefix.</summary>
    public async Task PrintAsync(string prefix)
    {
        await _stop.CancelAsync();
        await _sampler;
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime - _cpuBefore;
        var wall = _wall.Elapsed;
        var snmp = ReadSnmp();
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{prefix}.process_cpu: {cpu.TotalSeconds:0.0} s over {wall.TotalSeconds:0.0} s wall = {cpu.TotalSeconds / wall.TotalSeconds:0.00} core (this process only: recorder and its pipeline)"));
        Console.WriteLine(string.Create(inv, $"{prefix}.process_memory: peak working set {PeakWorkingSet() / 1048576.0:0} MiB, managed heap now {GC.GetTotalMemory(false) / 1048576.0:0} MiB"));
        Console.WriteLine(string.Create(inv, $"{prefix}.gc: gen0 {GC.CollectionCount(0) - _gcBefore[0]}, gen1 {GC.CollectionCount(1) - _gcBefore[1]}, gen2 {GC.CollectionCount(2) - _gcBefore[2]}, total pause {(GC.GetTotalPauseDuration() - _pauseBefore).TotalMilliseconds:0} ms, allocated {(GC.GetTotalAllocatedBytes() - _allocatedBefore) / 1048576.0 / wall.TotalSeconds:0.0} MiB/s (server GC {System.Runtime.GCSettings.IsServerGC}, latency mode {System.Runtime.GCSettings.LatencyMode})"));
        // The quietest 5 s (no calls being set up or torn down) says what the media path itself allocates.
        var quietest = _allocatedSamples.Count > 10 ? Enumerable.Range(0, _allocatedSamples.Count - 10).Min(i => _allocatedSamples[i + 10] - _allocatedSamples[i]) / 5.0 : double.NaN;
        Console.WriteLine(string.Create(inv, $"{prefix}.allocation_quietest_5s: {quietest / 1024:0} KiB/s"));
        Console.WriteLine(string.Create(inv, $"{prefix}.thread_pool: peak queue {_peakQueue}, threads now {ThreadPool.ThreadCount}"));
        Console.WriteLine(string.Create(inv, $"{prefix}.kernel_udp_drops: RTP sockets {_socketDrops.Values.Sum()} (per-socket drops column), machine-wide RcvbufErrors +{snmp.RcvbufErrors - _snmpBefore.RcvbufErrors}, InErrors +{snmp.InErrors - _snmpBefore.InErrors}"));
        Console.WriteLine($"{prefix}.load_average: {LoadAverage}");
    }

    public long SocketDrops => _socketDrops.Values.Sum();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        // Sparingly: reading /proc/net/udp allocates a few hundred KB, which would add collections to what is measured.
        for (var tick = 0; !_stop.IsCancellationRequested; tick++)
        {
            _peakQueue = Math.Max(_peakQueue, ThreadPool.PendingWorkItemCount);
            _allocatedSamples.Add(GC.GetTotalAllocatedBytes());
            if (tick % 10 == 0) ReadSocketDrops();
            try
            {
                await Task.Delay(500, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        ReadSocketDrops();
    }

    /// <summary>
    /// The kernel's own peak (VmHWM), read once at the end: sampling the working set through
    /// <see cref="Process"/> read every thread's stat file (300 RTP threads) twice a second and made
    /// most of what this process allocated between calls, adding collections to what is measured.
    /// </summary>
    private static long PeakWorkingSet()
    {
        if (File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } line)
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    /// <summary>Keeps the highest drop count seen per socket (by inode) of the RTP port range.</summary>
    private void ReadSocketDrops()
    {
        if (!File.Exists("/proc/net/udp")) return;
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 13) continue;
            var port = int.Parse(f[1].AsSpan(f[1].IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (port < _portMin || port > _portMax) continue;
            var drops = long.Parse(f[^1], CultureInfo.InvariantCulture);
            var key = f[9];
            _socketDrops[key] = Math.Max(drops, _socketDrops.GetValueOrDefault(key));
        }
    }

    private static (long InErrors, long RcvbufErrors) ReadSnmp()
    {
        if (!File.Exists("/proc/net/snmp")) return (0, 0);
        var udp = File.ReadLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToList();
        if (udp.Count < 2) return (0, 0);
        var names = udp[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = udp[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Value(string name) => Array.IndexOf(names, name) is var i and > 0 ? long.Parse(values[i], CultureInfo.InvariantCulture) : 0;
        return (Value("InErrors"), Value("RcvbufErrors"));
    }
}
