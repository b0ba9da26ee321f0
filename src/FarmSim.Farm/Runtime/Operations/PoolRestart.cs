using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>
/// Application pools restarting: each pool (a zone on a server) serves nothing for the restart's
/// time, then comes back cold. What is restarting is kept in a list indexed by the event's argument,
/// so that several restarts can overlap.
/// </summary>
internal sealed class PoolRestart(RunContext run) : IEventHandler
{
    private readonly List<(Zone Zone, int Member, RestartSpec Restart, IEventHandler? Then, int ThenArg)> _pending = [];

    /// <summary>Restarts the zone's pool on the member now; when it is up, <paramref name="then"/> hears of it (with <paramref name="thenArg"/>).</summary>
    public void Begin(Zone zone, int member, RestartSpec restart, IEventHandler? then = null, int thenArg = 0)
    {
        zone.BeginRestart(member);
        _pending.Add((zone, member, restart, then, thenArg));
        run.Simulation.Schedule(restart.Time, this, Up, _pending.Count - 1);
    }

    private const int Up = 0, Warm = 1;

    public void Handle(int kind, int arg)
    {
        var (zone, member, restart, then, thenArg) = _pending[arg];
        if (kind == Warm)
        {
            zone.Slowdown(member, run.Simulation.Now); // the fade is over: the pool is warm, whether or not a request came to find out
            return;
        }
        zone.EndRestart(member, restart, run.Simulation.Now);
        if (run.Simulation.Now + restart.ColdFade < run.End) run.Simulation.Schedule(restart.ColdFade, this, Warm, arg);
        then?.Handle(Publish.PoolUp, thenArg);
    }
}
