using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Operations;

/// <summary>The scenario's events: at their times, servers crash, are drained and stopped, and come back.</summary>
internal sealed class ServerTimeline(RunContext run, ServerSide farm, IReadOnlyList<ServerEvent> events) : IEventHandler
{
    private readonly Dictionary<string, int> _servers = farm.Servers.ToDictionary(s => s.Name, s => s.Index, StringComparer.Ordinal);

    public void Start()
    {
        for (int e = 0; e < events.Count; e++)
            if (events[e].At < run.End) run.Simulation.ScheduleAt(events[e].At, this, 0, e);
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
        var e = events[arg];
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
        }
    }
}
