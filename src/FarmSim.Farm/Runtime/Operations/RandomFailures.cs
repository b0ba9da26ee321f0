using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>
/// A server that fails at random: up for a time drawn from its time between failures, then down
/// (a crash) for a time drawn from its repair time, and so on; both from the server's own stream,
/// so that every alternative sees the same failures.
/// </summary>
internal sealed class RandomFailures(RunContext run, ServerSide farm, int server, FailureSpec failures, RandomStream stream) : IEventHandler
{
    private readonly Sampler _between = Sampler.Create(failures.Between, stream), _repair = Sampler.Create(failures.Repair, stream);
    private const int Fail = 0, Repaired = 1;

    public void Start() => Next(Fail, _between.Sample());

    public void Handle(int kind, int arg)
    {
        if (kind == Fail)
        {
            if (!farm.Servers[server].Down) farm.Crash(server);
            Next(Repaired, _repair.Sample());
        }
        else
        {
            farm.Restart(server);
            Next(Fail, _between.Sample());
        }
    }

    private void Next(int kind, double after)
    {
        if (run.Simulation.Now + after < run.End) run.Simulation.Schedule(after, this, kind, 0);
    }
}
