using FarmSim.Farm.Metrics;

namespace FarmSim.Farm.Runtime;

/// <summary>An app's figures in a running replication: over the measured period, and in the current time-series window.</summary>
internal sealed class App(string name)
{
    public string Name { get; } = name;
    public Tally Tally { get; } = new();

    /// <summary>Requests its users sent since time 0 (pages, browser calls, retries), for the offered rate over time.</summary>
    public long SentSinceStart { get; set; }

    /// <summary>Its users' requests that failed since time 0 (refused, or lost in a crash), for the error rate over time.</summary>
    public long ErrorsSinceStart { get; set; }

    /// <summary>The current time-series window's completions and latencies, warm-up included.</summary>
    public WindowTally Window { get; } = new();
}
