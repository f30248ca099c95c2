using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// Takes the recording off the relay's forwarding threads. A pump forwards a packet, then queues a
/// pooled copy of its payload here; a small fixed number of recording threads (one per lane) write
/// it to the call's recording. A call always uses one lane, so its packets are written in the order
/// they arrived. When a lane is full the packet is not recorded (the pipeline fills and counts the
/// gap) rather than delaying the next forward: the citizen's audio is never held up by the disk.
/// The forwarding thread never wakes a recording thread (a wake-up per packet, 15,000 a second at
/// 150 calls, cost more CPU than the writes and raised the relay's median): each lane wakes every
/// 10 ms and writes what has queued, a drain at call end wakes it at once.
/// One set of lanes per process: the threads live as long as it does.
/// </summary>
internal sealed class RecordingLanes
{
    /// <summary>About half a second of 150 two-legged calls spread over two lanes; beyond that the disk is not keeping up anyway.</summary>
    private const int Capacity = 4096;

    /// <summary>A slot's payload buffer: 20 ms of G.711 or G.722 is 160 bytes.</summary>
    private const int SlotBytes = 320;

    private const int StackBytes = 256 * 1024;

    /// <summary>How long a lane sleeps between batches: half a packet time, so frames reach the pipeline in order and soon.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

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

    /// <summary>
    /// One recording thread and its bounded queue: a ring of slots allocated once, each with its own
    /// payload buffer, so queuing a packet allocates nothing (a queue of items allocated its
    /// segments again and again and doubled the process's allocation rate).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A lane lives as long as the process; its wake-up event is never disposed.")]
    internal sealed class Lane
    {
        private readonly Lock _gate = new();
        private readonly Slot[] _slots = new Slot[Capacity];
        private readonly AutoResetEvent _wake = new(false);
        private readonly List<(long Queued, TaskCompletionSource Drained)> _drains = [];
        private int _head;
        private int _count;
        private long _queued;

        public Lane(string name)
        {
            for (var i = 0; i < _slots.Length; i++) _slots[i].Buffer = new byte[SlotBytes];
            var thread = new Thread(Run, StackBytes) { IsBackground = true, Name = name };
            thread.Start();
        }

        /// <summary>Queues a copy of the packet; false (nothing queued) when the lane is full.</summary>
        public bool TryQueue(RecordingGuard guard, string legId, AudioCodec codec, ReadOnlySpan<byte> payload, ushort sequence, uint timestamp, uint ssrc, DateTimeOffset arrival, int sampleRate)
        {
            lock (_gate)
            {
                if (_count == _slots.Length) return false;
                ref var slot = ref _slots[(_head + _count) % _slots.Length];
                // Longer than 20 ms packets: the slot keeps the larger buffer for next time.
                if (slot.Buffer.Length < payload.Length) slot.Buffer = new byte[payload.Length];
                payload.CopyTo(slot.Buffer);
                slot.Guard = guard;
                slot.LegId = legId;
                slot.Frame = new AudioFrame(codec, slot.Buffer.AsMemory(0, payload.Length), sequence, timestamp, ssrc, arrival, sampleRate);
                _count++;
                _queued++;
                return true;
            }
        }

        /// <summary>
        /// Completes when everything queued before it has been written (or after a timeout, so a
        /// stuck recording cannot hold up the end of a call); wakes the lane at once.
        /// </summary>
        public async Task DrainAsync()
        {
            var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate) _drains.Add((_queued, drained));
            _wake.Set();
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
            long written = 0;
            while (true)
            {
                _wake.WaitOne(Interval);
                int head, count;
                lock (_gate) (head, count) = (_head, _count);
                // The slots taken are written outside the lock: the pumps only fill slots after them.
                for (var i = 0; i < count; i++)
                {
                    ref var slot = ref _slots[(head + i) % _slots.Length];
                    // The recording copies what it keeps (ICallRecording.Write's contract), so the slot is free again after it.
                    slot.Guard!.Write(slot.LegId!, slot.Frame);
                    slot.Guard = null;
                }

                written += count;
                lock (_gate)
                {
                    _head = (head + count) % _slots.Length;
                    _count -= count;
                    for (var i = _drains.Count - 1; i >= 0; i--)
                    {
                        if (_drains[i].Queued > written) continue;
                        _drains[i].Drained.TrySetResult();
                        _drains.RemoveAt(i);
                    }
                }
            }
        }
    }

    private struct Slot
    {
        public byte[] Buffer;
        public RecordingGuard? Guard;
        public string? LegId;
        public AudioFrame Frame;
    }
}
