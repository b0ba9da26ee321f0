using HdrHistogram;

namespace FarmSim.Farm.Metrics;

/// <summary>
/// Completions and latencies within one time-series window. Its histogram keeps 2 significant
/// digits (1% relative error) in 32-bit counts (about 10 kB, kind to the cache when every server
/// has one), enough for a chart over time.
/// </summary>
public sealed class WindowTally
{
    public long Completed;
    public readonly IntHistogram Latency = new(1, 1L << 47, 2);

    public void Record(double latency)
    {
        Completed++;
        Latency.RecordValue(Math.Min((long)(latency * 1e9), Latency.HighestTrackableValue));
    }

    public void Reset()
    {
        Completed = 0;
        Latency.Reset();
    }
}
