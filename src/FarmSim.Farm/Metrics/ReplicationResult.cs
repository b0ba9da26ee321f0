namespace FarmSim.Farm.Metrics;

/// <summary>The metrics of one farm, zone, app or server in one replication; NaN where a metric does not apply.</summary>
public sealed record EntityResult(Scope Scope, string Name, double[] Values)
{
    public double this[Metric metric] => Values[(int)metric];
}

/// <summary>
/// What one replication measured, in a fixed order: farm, zones, apps, servers; its time series;
/// and each app's latency histogram over the measured period (in app order), for distributions.
/// </summary>
public sealed record ReplicationResult(int Replication, IReadOnlyList<EntityResult> Entities, long EventsProcessed,
    TimeSeries TimeSeries, IReadOnlyList<HdrHistogram.LongHistogram>? AppLatency)
{
    /// <summary>Set when the replication stopped early because the farm is unstable: its figures cover only the time until then.</summary>
    public Instability? Unstable { get; init; }

    /// <summary>Each time a server was down in the run (warm-up included): where servers can fail.</summary>
    public IReadOnlyList<Outage> Outages { get; init; } = [];

    public EntityResult Find(Scope scope, string name) =>
        Entities.FirstOrDefault(e => e.Scope == scope && e.Name == name)
        ?? throw new KeyNotFoundException($"No {MetricNames.Of(scope)} named '{name}' in the results.");
}

/// <summary>Server <see cref="Server"/> was down from <see cref="Down"/> to <see cref="Up"/> seconds into the run (NaN: to its end).</summary>
public sealed record Outage(string Server, double Down, double Up);
