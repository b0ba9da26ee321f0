namespace FarmSim.Farm.Topology;

/// <summary>
/// IIS ARR's live-traffic test: <see cref="MaxFailures"/> failed requests (refused or lost) to a
/// server within <see cref="Interval"/> mark it unhealthy. It never marks one healthy again: only
/// the zone's URL test (its active health check) does, or nothing when it has none.
/// </summary>
public sealed record LiveTrafficSpec(int MaxFailures, double Interval);

/// <summary>
/// Envoy's outlier detection by consecutive 5xx: <see cref="Consecutive5xx"/> failed requests in a
/// row eject a server for <see cref="BaseEjectionTime"/> × the times it has been ejected (at most
/// <see cref="MaxEjectionTime"/>); ejected servers return at the first sweep (every
/// <see cref="Interval"/>) after their time is up, and a sweep that finds a server in lowers its
/// count by one. No more than <see cref="MaxEjectionPercent"/> of the servers are ejected at once,
/// though one always may be. A good active probe returns an ejected server at once.
/// </summary>
public sealed record OutlierDetectionSpec(int Consecutive5xx, double Interval, double BaseEjectionTime, double MaxEjectionTime, double MaxEjectionPercent)
{
    /// <summary>Envoy's defaults.</summary>
    public static readonly OutlierDetectionSpec Envoy = new(5, 10, 30, 300, 0.10);
}

/// <summary>
/// How a server its checks bring back ramps up its weight over <see cref="Window"/> seconds. As
/// HAProxy's <c>slowstart</c> and NGINX's <c>slow_start</c> define it: linearly from no weight,
/// t / window. As Envoy's defines it (<see cref="Envoy"/>): max(<see cref="MinWeight"/>,
/// (max(t, 1 s) / window)^(1 / <see cref="Aggression"/>)). Either is recomputed at each probe.
/// </summary>
public sealed record SlowStartSpec(double Window, double Aggression = 1, double MinWeight = 0, bool Envoy = false)
{
    /// <summary>Envoy's defaults besides the window: linear (aggression 1), at least 10% of the weight.</summary>
    public static SlowStartSpec EnvoyOf(double window) => new(window, 1, 0.10, Envoy: true);

    /// <summary>The share of its own weight a server has <paramref name="since"/> seconds after it came back.</summary>
    public double Factor(double since) => since >= Window ? 1
        : Envoy ? Math.Min(1, Math.Max(MinWeight, Math.Pow(Math.Max(since, 1) / Window, 1 / Aggression)))
        : Math.Max(0, since / Window);
}
