using FarmSim.Farm.Metrics;
using HdrHistogram;

namespace FarmSim.Experiments;

/// <summary>
/// The response-time distribution of an app (or the farm) over all replications' measured periods:
/// the latency at each of a fixed grid of percentiles, for CDF charts.
/// </summary>
public sealed record LatencyDistribution(string Scope, string Name, IReadOnlyList<(double Percentile, double LatencyMs)> Points)
{
    /// <summary>Every whole percentile, and the tail finely: 99.5, 99.9, 99.95, 99.99, 100.</summary>
    public static readonly double[] Grid = [.. Enumerable.Range(0, 100).Select(p => (double)p), 99.5, 99.9, 99.95, 99.99, 100];

    public static LatencyDistribution? From(Scope scope, string name, LongHistogram histogram)
    {
        if (histogram.TotalCount == 0) return null;
        var points = Grid.Select(p => (p, (p == 0 ? histogram.GetValueAtPercentile(0.0001) : histogram.GetValueAtPercentile(p)) / 1e6)).ToList();
        return new LatencyDistribution(MetricNames.Of(scope), name, points);
    }
}
