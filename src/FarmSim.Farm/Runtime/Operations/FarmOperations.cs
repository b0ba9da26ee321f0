using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>
/// What happens to servers and how each zone's balancer finds out, wired only where something
/// happens: the scenario's timeline and publishes, random failures, each zone's active checks and
/// passive check. A farm where nothing can happen gets none of them and draws the same numbers.
/// </summary>
internal sealed class FarmOperations
{
    private readonly ServerTimeline? _timeline;
    private readonly List<Publish> _publishes = [];
    private readonly List<RandomFailures> _failures = [];
    private readonly List<(HealthChecks Checks, string Stream)> _healthChecks = [];
    private readonly List<OutlierDetection> _outlierDetections = [];
    private readonly RunContext _run;

    public FarmOperations(RunContext run, ServerSide farm, FarmSpec spec)
    {
        _run = run;
        if (spec.Events.Count > 0)
        {
            var restarts = new PoolRestart(run);
            _timeline = new ServerTimeline(run, farm, spec.Events, restarts);
            foreach (var e in spec.Events)
                if (e is PublishEvent publish)
                    _publishes.Add(new Publish(run, farm.Zones.First(z => z.Name == publish.Zone), publish, restarts));
        }
        for (int s = 0; s < spec.Servers.Count; s++)
            if (spec.Servers[s].Failures is { } failures)
                _failures.Add(new RandomFailures(run, farm, s, failures, run.Stream($"server/{spec.Servers[s].Name}/failures")));
        for (int z = 0; z < spec.Zones.Count; z++)
        {
            var zone = spec.Zones[z];
            // Passive checks watch live traffic wherever a zone runs one, failures or not: an overloaded server's 503s count too.
            if (zone.LiveTraffic is { } live) farm.Zones[z].Passive = new LiveTrafficTest(run, farm.Zones[z], live);
            else if (zone.OutlierDetection is { } outliers)
            {
                var detection = new OutlierDetection(run, farm.Zones[z], outliers);
                farm.Zones[z].Passive = detection;
                _outlierDetections.Add(detection);
            }
            // Probes run where something can take a server out: a failure, or a passive check (which a probe undoes).
            if (zone.HealthCheck is { } check && (run.CanFail || farm.Zones[z].Passive is not null))
                _healthChecks.Add((new HealthChecks(run, farm.Zones[z], check, zone.SlowStart), $"zone/{zone.Name}/health"));
        }
    }

    public void Start()
    {
        _timeline?.Start();
        foreach (var publish in _publishes) publish.Start();
        foreach (var failures in _failures) failures.Start();
        foreach (var detection in _outlierDetections) detection.Start();
        foreach (var (checks, stream) in _healthChecks) checks.Start(_run.Stream(stream));
    }
}
