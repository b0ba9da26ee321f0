using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>
/// The arrivals of a replay (<see cref="ReplaySpec"/>): the logged instants, thinned or copied by
/// the load factor, each stamp spread within its resolution. Copies may arrive before their
/// original, so the next few are kept in a small heap, ordered, until no logged request still to
/// come can arrive before them.
/// </summary>
internal sealed class ReplayTimes(ReplaySpec replay, RandomStream stream, double end) : ArrivalTimes
{
    private readonly PriorityQueue<float, double> _pending = new();
    private readonly double[] _arrivals = replay.Arrivals as double[] ?? [.. replay.Arrivals];
    private readonly float[] _demands = replay.Demands as float[] ?? [.. replay.Demands];
    private readonly int _whole = (int)Math.Floor(replay.Factor);
    private readonly double _extra = replay.Factor - Math.Floor(replay.Factor);
    private readonly double _spread = replay.Factor > 1 ? ReplaySpec.CopySpread : 0;
    private int _next;

    private double _upcoming = double.NaN;

    /// <summary>
    /// The logged demand (seconds) of the arrival now being sent; NaN when the log had none. The
    /// stream asks for the next arrival before it sends the current one, so each answer of
    /// <see cref="Next"/> moves the demand it had found to here.
    /// </summary>
    public double CurrentDemand { get; private set; } = double.NaN;

    public override double Next(double now)
    {
        // The earliest pending arrival may go once no logged request still to come can be sent before it.
        while (_next < _arrivals.Length && (_pending.Count == 0 || PeekTime() > _arrivals[_next] - _spread))
            Expand(_next++);
        while (_pending.TryDequeue(out float demand, out double time))
        {
            if (time >= end) continue;
            CurrentDemand = _upcoming;
            _upcoming = demand;
            return Math.Max(time, now);
        }
        CurrentDemand = _upcoming;
        return double.PositiveInfinity;
    }

    private double PeekTime() => _pending.TryPeek(out _, out double time) ? time : double.PositiveInfinity;

    private void Expand(int i)
    {
        int copies = _whole + (_extra > 0 && stream.NextDouble() < _extra ? 1 : 0);
        double logged = _arrivals[i];
        float demand = _demands[i];
        for (int k = 0; k < copies; k++)
        {
            double t = logged + stream.NextDouble() * replay.Resolution;
            // A copy that would come before the run's start is reflected into it, as one after its end is dropped.
            if (k > 0) t = Math.Abs(t + (2 * stream.NextDouble() - 1) * _spread);
            _pending.Enqueue(demand, t);
        }
    }
}

/// <summary>A replayed request's demand as its log gave it, or one drawn from the model when the log gave none.</summary>
internal sealed class LoggedDemand(ReplayTimes times, Sampler model) : Sampler
{
    public override double Sample() => double.IsNaN(times.CurrentDemand) ? model.Sample() : times.CurrentDemand;
}
