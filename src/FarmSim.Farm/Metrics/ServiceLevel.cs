namespace FarmSim.Farm.Metrics;

public enum Comparison { AtMost, AtLeast }

/// <summary>
/// A service-level objective: a metric of the farm, a zone, an app or a server (or of every zone,
/// app or server, when <see cref="Name"/> is null) against a target, as in <c>AppX.p95 &lt;= 300ms</c>.
/// <see cref="Metric"/> is a summary metric name (latency_p95_ms); latencies' targets are in ms.
/// <see cref="AtPeak"/>: it must hold in every time-series window of the measured period (so at the
/// worst of them, the peak), not only over the period as a whole.
/// </summary>
public sealed record ServiceLevel(string Text, string Scope, string? Name, string Metric, Comparison Comparison, double Target, bool AtPeak = false)
{
    /// <summary>Whether a time-series window measures the figure, so that an objective at the peak can name it.</summary>
    public static bool MeasuredPerWindow(string scope, string metric) => metric switch
    {
        "latency_p95_ms" or "throughput_rps" => scope is "farm" or "app" or "server",
        "utilization" or "queue_length_mean" => scope == "server",
        _ => false,
    };
}
