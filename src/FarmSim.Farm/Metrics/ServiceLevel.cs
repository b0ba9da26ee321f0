namespace FarmSim.Farm.Metrics;

public enum Comparison { AtMost, AtLeast }

/// <summary>
/// A service-level objective: a metric of the farm, a zone, an app or a server (or of every zone,
/// app or server, when <see cref="Name"/> is null) against a target, as in <c>AppX.p95 &lt;= 300ms</c>.
/// <see cref="Metric"/> is a summary metric name (latency_p95_ms); latencies' targets are in ms.
/// </summary>
public sealed record ServiceLevel(string Text, string Scope, string? Name, string Metric, Comparison Comparison, double Target);
