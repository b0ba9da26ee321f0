namespace FarmSim.Calibration;

/// <summary>
/// Logged times as counts per whole millisecond: logs give times to the millisecond, so this holds
/// a day of requests in as many entries as there are distinct values, and fits on it are exact sums.
/// A logged m ms stands for [m, m + 1) ms: fits use its middle, m + 0.5 ms, so zeros need no care.
/// </summary>
public sealed class ServiceTimeHistogram
{
    private readonly Dictionary<int, long> _counts = [];

    public long Count { get; private set; }

    public void Add(double seconds)
    {
        int ms = (int)Math.Min(int.MaxValue - 1, Math.Floor(seconds * 1000 + 1e-6));
        _counts[ms] = _counts.GetValueOrDefault(ms) + 1;
        Count++;
    }

    /// <summary>The distinct values (seconds, at the middle of their millisecond) in order, with their counts.</summary>
    public (double[] Values, long[] Counts) Sorted()
    {
        var keys = _counts.Keys.ToArray();
        Array.Sort(keys);
        return (keys.Select(k => (k + 0.5) / 1000).ToArray(), keys.Select(k => _counts[k]).ToArray());
    }

    /// <summary>Adds every time another histogram holds.</summary>
    public void Add(ServiceTimeHistogram other)
    {
        foreach (var (ms, count) in other._counts) _counts[ms] = _counts.GetValueOrDefault(ms) + count;
        Count += other.Count;
    }

    /// <summary>How many were logged as 0 ms (served in under a millisecond).</summary>
    public long Zeros => _counts.GetValueOrDefault(0);

    /// <summary>The time (seconds) below which a share <paramref name="p"/> of the logged times fall, linear within each millisecond.</summary>
    public double Quantile(double p)
    {
        if (Count == 0) return double.NaN;
        var (values, counts) = Sorted();
        double target = p * Count;
        long below = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (below + counts[i] >= target) return values[i] - 0.0005 + Math.Clamp((target - below) / counts[i], 0, 1) * 0.001;
            below += counts[i];
        }
        return values[^1] + 0.0005;
    }
}
