using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>
/// A publish of a zone's apps: its application pool restarts on every member of the zone. All at
/// once, every member restarts together and the balancer keeps sending until its probes see the
/// pools fail. Rolling, a batch of members at a time is taken out of the balancer's rotation,
/// drained until nothing of the zone is left in flight on them (checked each second) or the drain
/// time is over, restarted and put back in; the next batch begins once the balancer sends to all
/// of them again: at once without health checks, else at the probe that finds the last one risen.
/// </summary>
internal sealed class Publish(RunContext run, Zone zone, PublishEvent spec, PoolRestart restarts) : IEventHandler
{
    public const int PoolUp = 1, Probed = 3;
    private const int Begin = 0, DrainCheck = 2;
    private int _next;        // the first member of the batch under way
    private int _batch;       // how many members it holds
    private int _up;          // how many of them are back
    private double _drainEnds;

    public void Start()
    {
        if (spec.At < run.End) run.Simulation.ScheduleAt(spec.At, this, Begin, 0);
    }

    public void Handle(int kind, int arg)
    {
        switch (kind)
        {
            case Begin:
                BeginBatch();
                return;
            case DrainCheck:
                if (Drained() || run.Simulation.Now >= _drainEnds) RestartBatch();
                else run.Simulation.Schedule(Math.Min(1, _drainEnds - run.Simulation.Now), this, DrainCheck, 0);
                return;
            case PoolUp:
                if (spec.AtATime is not null) zone.Balancer.SetInRotation(arg, zone.Holds(arg) && !zone.Members[arg].Draining);
                if (++_up == _batch) NextBatchIfBack();
                return;
            case Probed when _up == _batch:
                NextBatchIfBack();
                return;
        }
    }

    private void NextBatchIfBack()
    {
        for (int m = _next; m < _next + _batch; m++)
            if (zone.Holds(m) && !zone.Members[m].Down && !zone.Balancer.IsEligible(m))
            {
                zone.Publishing = this; // its probes will say when
                return;
            }
        zone.Publishing = null;
        _next += _batch;
        if (_next < zone.Members.Length) BeginBatch();
    }

    private void BeginBatch()
    {
        _batch = Math.Min(spec.AtATime ?? zone.Members.Length, zone.Members.Length - _next);
        _up = 0;
        if (spec.AtATime is null || spec.Drain <= 0)
        {
            RestartBatch();
            return;
        }
        for (int m = _next; m < _next + _batch; m++) zone.Balancer.SetInRotation(m, false);
        _drainEnds = run.Simulation.Now + spec.Drain;
        Handle(DrainCheck, 0);
    }

    private bool Drained()
    {
        for (int m = _next; m < _next + _batch; m++)
            if (zone.Balancer.Outstanding(m) > 0) return false;
        return true;
    }

    private void RestartBatch()
    {
        for (int m = _next; m < _next + _batch; m++) restarts.Begin(zone, m, spec.Restart, this, m);
    }
}
