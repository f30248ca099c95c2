namespace RecAce.Bench;

/// <summary>
/// The order one leg's packets arrive in: slot <c>k</c> (20 ms after slot <c>k-1</c>) carries packet
/// <c>Order[k]</c>, or nothing when that packet was lost. Made before timing, so the timed loop only
/// reads an array.
/// </summary>
internal sealed class PacketSchedule
{
    public const int Lost = -1;

    private PacketSchedule(int[] order, ushort firstSequence, uint firstTimestamp)
    {
        Order = order;
        FirstSequence = firstSequence;
        FirstTimestamp = firstTimestamp;
    }

    public int[] Order { get; }

    public ushort FirstSequence { get; }

    public uint FirstTimestamp { get; }

    /// <param name="lossRate">Share of packets never delivered (0.005 = 0.5 %).</param>
    /// <param name="swapRate">Share of packets that arrive after their successor (0.01 = 1 %).</param>
    public static PacketSchedule Create(int packets, double lossRate, double swapRate, Random random)
    {
        var order = new int[packets];
        for (var i = 0; i < packets; i++) order[i] = i;
        for (var i = 0; i + 1 < packets; i++)
        {
            if (random.NextDouble() < swapRate)
            {
                (order[i], order[i + 1]) = (order[i + 1], order[i]);
                i++; // a swapped pair is not swapped again
            }
        }

        for (var i = 0; i < packets; i++)
        {
            if (random.NextDouble() < lossRate) order[i] = Lost;
        }

        // Random starting points, as real senders use, so the 16-bit sequence wraps in some legs.
        return new PacketSchedule(order, (ushort)random.Next(65536), (uint)random.NextInt64(uint.MaxValue));
    }
}
