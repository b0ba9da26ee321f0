namespace FarmSim.Calibration;

/// <summary>
/// Arrivals counted in bins of <see cref="Bin"/> seconds: enough to give the rate in any window
/// that is a whole number of bins, and the spread of counts within a window that tests Poisson.
/// Memory grows with the logged span, not with the number of requests.
/// </summary>
public sealed class ArrivalCounts
{
    public const double Bin = 10;

    private readonly Dictionary<long, int> _bins = [];

    public long Count { get; private set; }

    public void Add(double arrival)
    {
        long bin = (long)Math.Floor(arrival / Bin);
        _bins[bin] = _bins.GetValueOrDefault(bin) + 1;
        Count++;
    }

    /// <summary>How many arrived in the bin that starts at <paramref name="bin"/> × <see cref="Bin"/> s.</summary>
    public int InBin(long bin) => _bins.GetValueOrDefault(bin);

    /// <summary>How many arrived in [from, from + bins × Bin).</summary>
    public long InBins(long from, int bins)
    {
        long sum = 0;
        for (int j = 0; j < bins; j++) sum += InBin(from + j);
        return sum;
    }
}
