using Microsoft.Extensions.Logging;
using RecAce.Plugins;
using SharpPcap;
using SharpPcap.LibPcap;

namespace RecAce.Plugin.Capture.Live;

/// <summary>
/// Captures from an interface with libpcap (SharpPcap) and feeds the same <see cref="CaptureEngine"/>
/// as file import. Polls pcap statistics once a second for kernel and interface drops.
/// </summary>
internal sealed class LiveCapture : IDisposable
{
    private static readonly TimeSpan StatisticsInterval = TimeSpan.FromSeconds(1);
    private readonly CaptureOptions _options;
    private readonly CaptureEngine _engine;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private LibPcapLiveDevice? _device;

    public LiveCapture(CaptureOptions options, CaptureEngine engine, ILogger logger, TimeProvider time)
    {
        _options = options;
        _engine = engine;
        _logger = logger;
        _time = time;
    }

    /// <summary>Opens the interface; throws <see cref="PcapException"/> or <see cref="InvalidOperationException"/> with the reason.</summary>
    public void Open()
    {
        var name = _options.Interface!;
        var device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == name)
            ?? throw new InvalidOperationException($"No capture interface named '{name}'.");
        device.Open(new DeviceConfiguration
        {
            Mode = DeviceModes.Promiscuous,
            Snaplen = 65535,
            ReadTimeout = 100,
            BufferSize = _options.BufferMegabytes * 1024 * 1024,
            // Deliver packets as they come rather than in buffered batches: timeouts stay in step.
            Immediate = false,
        });
        if (_options.Filter is { } filter) device.Filter = filter;
        _device = device;
        _logger.LogInformation("Capturing on {Interface} (link type {LinkType}) with filter {Filter}", name, device.LinkType, _options.Filter ?? "(none)");
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var device = _device ?? throw new InvalidOperationException("Open the capture first.");
        var linkType = (int)device.LinkType;
        var nextStatistics = _time.GetUtcNow() + StatisticsInterval;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var read = ReadBatch(device, linkType);
                if (_engine.HasPendingWork) await _engine.RunPendingAsync(ct);
                var now = _time.GetUtcNow();
                if (read == 0) await _engine.TickAsync(now, ct);
                if (now >= nextStatistics)
                {
                    nextStatistics = now + StatisticsInterval;
                    PollStatistics(device);
                }
            }
        }
        finally
        {
            await _engine.FinishAsync(CallEndReason.AdapterStopped, CancellationToken.None);
        }
    }

    public void Dispose()
    {
        _device?.Close();
        _device?.Dispose();
        _device = null;
    }

    /// <summary>Reads until the read timeout, pending work, or a batch; returns how many frames were read.</summary>
    private int ReadBatch(LibPcapLiveDevice device, int linkType)
    {
        for (var i = 0; i < 4096; i++)
        {
            var status = device.GetNextPacket(out var packet);
            if (status != GetPacketStatus.PacketRead) return i;
            var header = packet.Header.Timeval;
            var time = DateTimeOffset.UnixEpoch.AddTicks((long)header.Seconds * TimeSpan.TicksPerSecond + (long)header.MicroSeconds * 10);
            _engine.Accept(linkType, time, packet.Data);
            if (_engine.HasPendingWork) return i + 1;
        }
        return 4096;
    }

    private void PollStatistics(LibPcapLiveDevice device)
    {
        var statistics = device.Statistics;
        if (statistics is null) return;
        var counters = _engine.Counters;
        var before = counters.KernelDrops + counters.InterfaceDrops;
        counters.KernelDrops = statistics.DroppedPackets;
        counters.InterfaceDrops = statistics.InterfaceDroppedPackets;
        if (counters.KernelDrops + counters.InterfaceDrops > before)
        {
            _logger.LogWarning("Capture drops: {Kernel} by the kernel, {Interface} by the interface", counters.KernelDrops, counters.InterfaceDrops);
            _engine.NoteDrops();
        }
    }
}
