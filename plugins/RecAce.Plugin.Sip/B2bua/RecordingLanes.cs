using System.Buffers;
using System.Collections.Concurrent;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// Takes the recording off the relay's forwarding threads. A pump forwards a packet, then queues a
/// pooled copy of its payload here; a small fixed number of recording threads (one per lane) write
/// it to the call's recording. A call always uses one lane, so its packets are written in the order
/// they arrived. When a lane is full the packet is not recorded (the pipeline fills and counts the
/// gap) rather than delaying the next forward: the citizen's audio is never held up by the disk.
/// One set of lanes per process: the threads live as long as it does and wait in the kernel while idle.
/// </summary>
internal sealed class RecordingLanes
{
    /// <summary>About a second of 150 two-legged calls spread over the lanes; beyond that the disk is not keeping up anyway.</summary>
    private const int Capacity = 8192;

    private const int StackBytes = 256 * 1024;

    private readonly Lane[] _lanes;
    private int _next = -1;

    private RecordingLanes(int count)
    {
        _lanes = new Lane[count];
        for (var i = 0; i < count; i++) _lanes[i] = new Lane($"relay-record-{i}");
    }

    /// <summary>Two lanes on this two-core machine, at most four: more threads only contend for the same cores and the spool's locks.</summary>
    public static RecordingLanes Shared { get; } = new(Math.Clamp(Environment.ProcessorCount, 1, 4));

    /// <summary>The lane for a new call (round robin).</summary>
    public Lane Assign() => _lanes[(int)((uint)Interlocked.Increment(ref _next) % (uint)_lanes.Length)];

    /// <summary>One recording thread and its bounded queue.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A lane lives as long as the process; its queue is never disposed.")]
    internal sealed class Lane
    {
        private readonly BlockingCollection<Item> _queue = new(new ConcurrentQueue<Item>(), Capacity);

        public Lane(string name)
        {
            var thread = new Thread(Run, StackBytes) { IsBackground = true, Name = name };
            thread.Start();
        }

        /// <summary>Queues a copy of <paramref name="payload"/>; false (nothing queued) when the lane is full.</summary>
        public bool TryQueue(RecordingGuard guard, string legId, AudioCodec codec, ReadOnlySpan<byte> payload, ushort sequence, uint timestamp, uint ssrc, DateTimeOffset arrival, int sampleRate)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
            payload.CopyTo(buffer);
            if (_queue.TryAdd(new Item(guard, legId, codec, buffer, payload.Length, sequence, timestamp, ssrc, arrival, sampleRate, null))) return true;
            ArrayPool<byte>.Shared.Return(buffer);
            return false;
        }

        /// <summary>
        /// Completes when everything queued before it has been written (or after a timeout, so a
        /// stuck recording cannot hold up the end of a call). The marker itself is never dropped:
        /// it waits for room.
        /// </summary>
        public async Task DrainAsync()
        {
            var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var marker = new Item(null, string.Empty, default, null, 0, 0, 0, 0, default, 0, drained);
            if (!_queue.TryAdd(marker) && !await Task.Run(() => _queue.TryAdd(marker, TimeSpan.FromSeconds(5))).ConfigureAwait(false)) return;
            try
            {
                await drained.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A recording stuck this long has its own failure; the call's end goes on.
            }
        }

        private void Run()
        {
            foreach (var item in _queue.GetConsumingEnumerable())
            {
                if (item.Drained is { } drained)
                {
                    drained.TrySetResult();
                    continue;
                }

                try
                {
                    // The recording copies what it keeps (ICallRecording.Write's contract), so the buffer goes back at once.
                    item.Guard!.Write(item.LegId, new AudioFrame(item.Codec, item.Buffer.AsMemory(0, item.Length), item.Sequence, item.Timestamp, item.Ssrc, item.Arrival, item.SampleRate));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(item.Buffer!);
                }
            }
        }
    }

    private readonly record struct Item(
        RecordingGuard? Guard,
        string LegId,
        AudioCodec Codec,
        byte[]? Buffer,
        int Length,
        ushort Sequence,
        uint Timestamp,
        uint Ssrc,
        DateTimeOffset Arrival,
        int SampleRate,
        TaskCompletionSource? Drained);
}
