using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>
/// The scenario's server events: at their times, servers crash, are drained and stopped, come back,
/// have their application pools recycled, change weight, and join or leave zones.
/// </summary>
internal sealed class ServerTimeline(RunContext run, ServerSide farm, IReadOnlyList<FarmEvent> events, PoolRestart restarts) : IEventHandler
{
    private readonly Dictionary<string, int> _servers = farm.Servers.ToDictionary(s => s.Name, s => s.Index, StringComparer.Ordinal);

    public void Start()
    {
        for (int e = 0; e < events.Count; e++)
            if (events[e] is ServerEvent && events[e].At < run.End) run.Simulation.ScheduleAt(events[e].At, this, 0, e);
    }

    private const int Stop = 1;

    public void Handle(int kind, int arg)
    {
        if (kind == Stop)
        {
            // The drain's delay is over: a server still draining stops, losing what it still holds.
            if (farm.Servers[arg].Draining) farm.Crash(arg);
            return;
        }
        var e = (ServerEvent)events[arg];
        int server = _servers[e.Server];
        switch (e.Action)
        {
            case ServerAction.Down when !farm.Servers[server].Down:
                farm.Crash(server);
                break;
            case ServerAction.Up:
                farm.Restart(server);
                break;
            case ServerAction.Drain when !farm.Servers[server].Down:
                farm.Drain(server, e.Delay, this);
                break;
            case ServerAction.Recycle:
                // Every pool on the server: each zone it is in restarts its apps there.
                foreach (var zone in farm.Zones)
                    if (zone.MemberOf(server) is var m and >= 0 && zone.Holds(m)) restarts.Begin(zone, m, e.Restart ?? RestartSpec.Recycle);
                break;
            case ServerAction.Weight:
                foreach (var zone in farm.Zones)
                    if (zone.MemberOf(server) is var m and >= 0) zone.Balancer.SetWeight(m, e.Weight!.Value);
                break;
            case ServerAction.Join or ServerAction.Leave:
                // A server leaving a zone gets none of its requests from then on; those it holds finish.
                foreach (var zone in farm.Zones)
                    if (zone.Name == e.Zone && zone.MemberOf(server) is var m and >= 0) zone.SetHolds(m, e.Action == ServerAction.Join);
                break;
        }
    }
}
