using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>
/// IIS ARR's live-traffic test: a member whose requests fail <c>max_failures</c> times within the
/// failover interval is marked unhealthy. The test only ever marks members unhealthy; the zone's
/// URL test (its active checks) brings them back, as in ARR.
/// </summary>
internal sealed class LiveTrafficTest(RunContext run, Zone zone, LiveTrafficSpec spec) : IPassiveCheck
{
    private readonly Queue<double>[] _failures = [.. zone.Members.Select(_ => new Queue<double>())];

    public void Failed(int member)
    {
        double now = run.Simulation.Now;
        var recent = _failures[member];
        recent.Enqueue(now);
        while (recent.Peek() <= now - spec.Interval) recent.Dequeue();
        if (recent.Count < spec.MaxFailures || !zone.Balancer.IsHealthy(member)) return;
        recent.Clear();
        zone.Balancer.SetHealthy(member, false);
        zone.Detected(member, now);
    }

    public void Succeeded(int member)
    {
    }
}
