using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>
/// A publish of a zone's apps: its application pool restarts on every member of the zone. All at
/// once, every member restarts together and the balancer keeps sending until its probes see the
/// pools fail. Rolling, a batch of members at a time is taken out of the balancer's rotation,
/// drained until nothing of the zone is left in flight on them (checked each second) or the drain
/// time is over, restarted and put back in; the next batch begins once the balancer sends to all
/// of them again (at once without health checks, else at the probe that finds the last one risen;
/// a batch not back within <see cref="MostWait"/> is given up on, as an operator's script would).
/// A publish of a zone that comes while another is under way waits for it.
/// </summary>
internal sealed class Publish(RunContext run, Zone zone, PublishEvent spec, PoolRestart restarts) : IEventHandler
{
    public const int PoolUp = 1, Probed = 3;
    private const int Begin = 0, DrainCheck = 2, WaitCheck = 4;

    /// <summary>How long a rolling publish waits for a batch to be back before it goes on.</summary>
    public const double MostWait = 300;

    private int _next;        // the first member of the batch under way
    private int _batch;       // how many members it holds
    private int _up;          // how many of them are back
    private double _drainEnds, _waitEnds;
    private bool _waiting;

    public void Start()
    {
        if (spec.At < run.End) run.Simulation.ScheduleAt(spec.At, this, Begin, 0);
    }

    public void Handle(int kind, int arg)
    {
        switch (kind)
        {
            case Begin when zone.Underway is not null:
                zone.WaitingPublishes.Enqueue(this);
                return;
            case Begin:
                zone.Underway = this;
                BeginBatch();
                return;
            case DrainCheck:
                if (Drained() || run.Simulation.Now >= _drainEnds) RestartBatch();
                else run.Simulation.Schedule(Math.Min(1, _drainEnds - run.Simulation.Now), this, DrainCheck, 0);
                return;
            case PoolUp:
                if (spec.AtATime is not null) zone.SetPublishing(arg, false);
                if (++_up == _batch) NextBatchIfBack();
                return;
            case Probed or WaitCheck when _waiting:
                NextBatchIfBack();
                return;
        }
    }

    private void NextBatchIfBack()
    {
        bool back = true;
        for (int m = _next; m < _next + _batch; m++)
            back &= !zone.Holds(m) || zone.Members[m].Down || zone.Serving(m);
        if (!back && !_waiting)
        {
            // Its probes will say when; a check each second covers what else brings it back (an ejection's end).
            _waiting = true;
            _waitEnds = run.Simulation.Now + MostWait;
            zone.Publishing = this;
        }
        if (!back && run.Simulation.Now < _waitEnds)
        {
            if (run.Simulation.Now + 1 < run.End) run.Simulation.Schedule(1, this, WaitCheck, 0);
            return;
        }
        _waiting = false;
        zone.Publishing = null;
        _next += _batch;
        if (_next < zone.Members.Length) BeginBatch();
        else Done();
    }

    private void Done()
    {
        zone.Underway = null;
        if (zone.WaitingPublishes.TryDequeue(out var next)) next.Handle(Begin, 0);
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
        for (int m = _next; m < _next + _batch; m++) zone.SetPublishing(m, true);
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
