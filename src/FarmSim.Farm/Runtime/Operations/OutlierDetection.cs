using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>
/// Envoy's outlier detection by consecutive 5xx: <c>consecutive_5xx</c> failures in a row eject a
/// member, at once, unless the members ejected already reach <c>max_ejection_percent</c> (one may
/// always be). It stays out for <c>base_ejection_time</c> × the times it has been ejected, capped at
/// <c>max_ejection_time</c>, and comes back at the first sweep (every <c>interval</c>) after that;
/// each sweep that finds a member in lowers its count by one. The zone's active checks, where it
/// has them, return an ejected member at its first good probe.
/// </summary>
internal sealed class OutlierDetection : IPassiveCheck, IEventHandler
{
    private readonly RunContext _run;
    private readonly Zone _zone;
    private readonly OutlierDetectionSpec _spec;
    private readonly int[] _consecutive, _ejections;
    private readonly double[] _until;

    public OutlierDetection(RunContext run, Zone zone, OutlierDetectionSpec spec)
    {
        _run = run;
        _zone = zone;
        _spec = spec;
        _consecutive = new int[zone.Members.Length];
        _ejections = new int[zone.Members.Length];
        _until = new double[zone.Members.Length];
    }

    public void Start()
    {
        if (_spec.Interval < _run.End) _run.Simulation.ScheduleAt(_spec.Interval, this, 0, 0);
    }

    public void Failed(int member)
    {
        if (++_consecutive[member] < _spec.Consecutive5xx || _zone.Balancer.IsEjected(member)) return;
        _consecutive[member] = 0;
        int ejected = 0;
        for (int m = 0; m < _zone.Members.Length; m++)
            if (_zone.Balancer.IsEjected(m)) ejected++;
        if (ejected > 0 && ejected >= _spec.MaxEjectionPercent * _zone.Members.Length) return;
        _ejections[member]++;
        double now = _run.Simulation.Now;
        _until[member] = now + Math.Min(_spec.BaseEjectionTime * _ejections[member], _spec.MaxEjectionTime);
        _zone.Balancer.SetEjected(member, true);
        _zone.Detected(member, now);
    }

    public void Succeeded(int member) => _consecutive[member] = 0;

    /// <summary>A sweep: ejected members whose time is up come back; members in lower their count.</summary>
    public void Handle(int kind, int arg)
    {
        double now = _run.Simulation.Now;
        for (int m = 0; m < _zone.Members.Length; m++)
        {
            if (_zone.Balancer.IsEjected(m) && now >= _until[m]) _zone.Balancer.SetEjected(m, false);
            else if (!_zone.Balancer.IsEjected(m) && _ejections[m] > 0) _ejections[m]--;
        }
        if (now + _spec.Interval < _run.End) _run.Simulation.Schedule(_spec.Interval, this, 0, 0);
    }
}
