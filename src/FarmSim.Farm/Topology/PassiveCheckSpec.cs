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
