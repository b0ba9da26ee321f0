using FarmSim.Engine;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// The main load balancer and reverse proxy: forwards each user request, after its hop latency, to
/// the zone its app's path maps to. The path table is resolved to a zone per app once, at start.
/// </summary>
internal sealed class Proxy(FarmReplication farm, double latency, int[] zoneOfApp) : IEventHandler
{
    public int ZoneOf(int app) => zoneOfApp[app];

    public void Receive(int id)
    {
        if (latency > 0) farm.Simulation.Schedule(latency, this, 0, id);
        else farm.Dispatch(id);
    }

    public void Handle(int kind, int id) => farm.Dispatch(id);
}
