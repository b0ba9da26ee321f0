using FarmSim.Engine;
using FarmSim.Engine.Distributions;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>A workload whose users think between pages, and hears when a think is over.</summary>
internal interface IThinker
{
    void ThinkOver(int visitor);
}

/// <summary>
/// Where users think between pages. Two exact ways: a timer per thinking user for any think-time
/// distribution (<see cref="ThinkTimers"/>), or, for exponential think times, one clock for all
/// of them (<see cref="ExponentialThinking"/>).
/// </summary>
internal abstract class Thinking
{
    /// <summary>For the think time <paramref name="think"/>: one clock for all when it is exponential (memoryless), else a timer each.</summary>
    public static Thinking For(RunContext run, IThinker owner, DistributionSpec think, RandomStream stream, int visitors) =>
        think.Kind == DistributionKind.Exponential
            ? new ExponentialThinking(run, owner, think.Mean, stream, visitors)
            : new ThinkTimers(run, owner, Sampler.Create(think, stream));

    /// <summary><paramref name="visitor"/> starts thinking now.</summary>
    public abstract void Start(int visitor);
}

/// <summary>A timer per thinking user, its length drawn from the think-time distribution.</summary>
internal sealed class ThinkTimers(RunContext run, IThinker owner, Sampler think) : Thinking, IEventHandler
{
    public override void Start(int visitor) => run.Simulation.Schedule(think.Sample(), this, 0, visitor);

    public void Handle(int kind, int visitor) => owner.ThinkOver(visitor);
}

/// <summary>
/// Exponential think times, all on one clock: while T users think, each think is memoryless, so
/// the next one to end does so after an exponential time of mean Z/T, and it is any of them with
/// equal chance. One pending event however many users think, so a million of them cost what a few
/// do; a think's end reads one int of memory. When one more starts, its own exponential time is drawn and the clock moves to it only if
/// it comes first (the minimum of the two is then the next end, exactly).
/// </summary>
internal sealed class ExponentialThinking : Thinking, IEventHandler
{
    private readonly RunContext _run;
    private readonly IThinker _owner;
    private readonly double _mean;
    private readonly RandomStream _stream;
    private int[] _thinking;   // the visitors thinking, in no order: the one whose think ends is drawn by place
    private int _count;
    private double _next = double.PositiveInfinity;
    private int _generation;   // the pending event that counts; earlier ones are stale

    public ExponentialThinking(RunContext run, IThinker owner, double mean, RandomStream stream, int visitors)
    {
        _run = run;
        _owner = owner;
        _mean = mean;
        _stream = stream;
        _thinking = new int[Math.Max(16, visitors)];
    }

    private double Exponential(double mean) => -mean * Math.Log(1 - _stream.NextDouble());

    public override void Start(int visitor)
    {
        if (_count == _thinking.Length) Array.Resize(ref _thinking, _count * 2);
        _thinking[_count++] = visitor;
        double mine = _run.Simulation.Now + Exponential(_mean);
        if (mine < _next) ScheduleAt(mine);
    }

    public void Handle(int kind, int generation)
    {
        if (generation != _generation) return;
        int k = _stream.Next(_count);
        int visitor = _thinking[k];
        _thinking[k] = _thinking[--_count];
        _next = double.PositiveInfinity;
        if (_count > 0) ScheduleAt(_run.Simulation.Now + Exponential(_mean / _count));
        _owner.ThinkOver(visitor);
    }

    private void ScheduleAt(double time)
    {
        _next = time;
        _run.Simulation.ScheduleAt(time, this, 0, ++_generation);
    }
}
