using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>
/// A zone balancer's active health checks (HAProxy's <c>inter</c>, <c>fall</c>, <c>rise</c>): every
/// interval, from a phase of its own, it probes each of its servers; a server down fails the probe.
/// After <c>fall</c> failures in a row the balancer holds it unhealthy, after <c>rise</c>
/// successes in a row healthy again. Each balancer knows only what its own probes saw.
/// </summary>
internal sealed class HealthChecks : IEventHandler
{
    private readonly RunContext _run;
    private readonly Zone _zone;
    private readonly HealthCheckSpec _check;
    private readonly int[] _failures, _successes;
    private readonly double[] _back; // when a member its checks brought back began its slow start; NaN when not ramping
    private readonly SlowStartSpec? _slowStart;

    public HealthChecks(RunContext run, Zone zone, HealthCheckSpec check, SlowStartSpec? slowStart = null)
    {
        // With one member there is no one to share with: slow start is ignored, as NGINX and Envoy do.
        _slowStart = zone.Members.Length > 1 ? slowStart : null;
        _back = [.. zone.Members.Select(_ => double.NaN)];
        _run = run;
        _zone = zone;
        _check = check;
        _failures = new int[zone.Members.Length];
        _successes = new int[zone.Members.Length];
        _completedBefore = new long[zone.Members.Length];
    }

    private readonly long[] _completedBefore; // each member's completions at the previous probe
    private double _previousProbe;              // when the previous round of probes was (0 before the first)

    /// <summary>
    /// Whether a probe sent now would wait past its timeout: with every worker busy, it waits for
    /// the requests queued ahead of it and one more to finish, estimated at the rate the server
    /// completed requests since the previous probe (none: it waits for ever).
    /// </summary>
    private bool TimesOut(int member, double elapsed)
    {
        var server = _zone.Members[member];
        long completed = server.CompletedSinceStart - _completedBefore[member];
        _completedBefore[member] = server.CompletedSinceStart;
        if (!server.AllBusy) return false;
        return (server.Queued + 1) * elapsed > _check.TimeoutOrInterval * completed;
    }

    /// <summary>The first probe comes at a uniform phase within the first interval, drawn from the zone's own stream.</summary>
    public void Start(RandomStream phase)
    {
        double first = phase.NextDouble() * _check.Interval;
        if (first < _run.End) _run.Simulation.ScheduleAt(first, this, 0, 0);
    }

    public void Handle(int kind, int arg)
    {
        var balancer = _zone.Balancer;
        double elapsed = _run.Simulation.Now - _previousProbe;
        _previousProbe = _run.Simulation.Now;
        for (int m = 0; m < _zone.Members.Length; m++)
        {
            // A probe is a request like any other: a dead server, a restarting pool, a full queue or a wait past its timeout
            // fails it (each is asked, not short-circuited: the timeout keeps its count of completions up to date).
            if (_zone.Members[m].Full | _zone.IsRestarting(m) | TimesOut(m, elapsed))
            {
                _successes[m] = 0;
                if (++_failures[m] >= _check.Fall && balancer.IsHealthy(m))
                {
                    balancer.SetHealthy(m, false);
                    _zone.Detected(m, _run.Simulation.Now);
                }
            }
            else
            {
                _failures[m] = 0;
                balancer.SetEjected(m, false); // a good probe returns an ejected server, as Envoy does by default
                if (++_successes[m] >= _check.Rise && !balancer.IsHealthy(m))
                {
                    balancer.SetHealthy(m, true);
                    if (_slowStart is { } ramp)
                    {
                        _back[m] = _run.Simulation.Now;
                        balancer.SetWeightFactor(m, ramp.Factor(0));
                    }
                }
                else if (!double.IsNaN(_back[m]))
                {
                    // Slow start: the weight climbs along its product's ramp, recomputed at each probe.
                    double factor = _slowStart!.Factor(_run.Simulation.Now - _back[m]);
                    balancer.SetWeightFactor(m, factor);
                    if (factor >= 1) _back[m] = double.NaN;
                }
            }
        }
        _zone.Publishing?.Handle(Publish.Probed, 0);
        if (_run.Simulation.Now + _check.Interval < _run.End) _run.Simulation.Schedule(_check.Interval, this, 0, 0);
    }
}
