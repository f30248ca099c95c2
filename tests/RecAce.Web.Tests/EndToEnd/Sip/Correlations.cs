using System.Numerics;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// Normalised cross-correlation over wide lag windows, vectorised: a real peer may start its stream
/// up to a second after the answer on a loaded machine, and the scalar search over that many lags
/// at 16 kHz would take longer than the call.
/// </summary>
internal static class Correlations
{
    /// <summary>The best correlation of <paramref name="expected"/> with <paramref name="actual"/> shifted by up to ±<paramref name="maxLag"/> samples.</summary>
    public static double Best(short[] expected, short[] actual, int maxLag)
    {
        var a = ToFloat(expected);
        var b = ToFloat(actual);
        var aEnergy = PrefixEnergy(a);
        var bEnergy = PrefixEnergy(b);
        var best = 0.0;
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            var start = Math.Max(0, -lag);
            var end = Math.Min(a.Length, b.Length - lag);
            if (end - start < 1600) continue;
            var dot = Dot(a.AsSpan(start, end - start), b.AsSpan(start + lag, end - start));
            var energy = (aEnergy[end] - aEnergy[start]) * (bEnergy[end + lag] - bEnergy[start + lag]);
            if (energy > 0) best = Math.Max(best, dot / Math.Sqrt(energy));
        }

        return best;
    }

    /// <summary>
    /// The best correlation of the loudest <paramref name="window"/> samples of the recording with
    /// any stretch of the source of that length: for a recording that is a part of the source
    /// starting somewhere in it (a media fork begun during the call).
    /// </summary>
    public static double Excerpt(short[] source, short[] recorded, int window)
    {
        var step = window / 8;
        if (recorded.Length < window || source.Length < window) return 0;
        var r = ToFloat(recorded);
        var start = Enumerable.Range(0, ((r.Length - window) / step) + 1).Select(i => i * step)
            .MaxBy(s => Dot(r.AsSpan(s, window), r.AsSpan(s, window)));
        var excerpt = r.AsSpan(start, window).ToArray();
        var excerptEnergy = Dot(excerpt, excerpt);
        var s = ToFloat(source);
        var energy = PrefixEnergy(s);
        var best = 0.0;
        for (var offset = 0; offset + window <= s.Length; offset++)
        {
            var e = (energy[offset + window] - energy[offset]) * excerptEnergy;
            if (e > 0) best = Math.Max(best, Dot(s.AsSpan(offset, window), excerpt) / Math.Sqrt(e));
        }

        return best;
    }

    private static float[] ToFloat(short[] samples) => [.. samples.Select(v => (float)v)];

    private static double[] PrefixEnergy(float[] samples)
    {
        var sums = new double[samples.Length + 1];
        for (var i = 0; i < samples.Length; i++) sums[i + 1] = sums[i] + ((double)samples[i] * samples[i]);
        return sums;
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        double total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}
