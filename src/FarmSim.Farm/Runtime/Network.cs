using FarmSim.Engine;
using FarmSim.Engine.Distributions;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// The one-way hops a request travels: user to proxy, to a zone's balancer (from the proxy, or from
/// a server calling the zone address), balancer to server, server to database. A hop with no
/// delay costs no event; one with a delay draws it from its own stream.
/// </summary>
internal sealed class Network(ServerSide farm, Sampler? userToProxy, Sampler? toZone, Sampler? zoneToServer, Sampler? serverToDatabase) : IEventHandler
{
    private const int AtProxy = 0, AtZone = 1, AtServer = 2, AtDatabase = 3;
    private readonly Simulation _simulation = farm.Run.Simulation;

    public void ToProxy(int id) => Travel(userToProxy, AtProxy, id);
    public void ToZone(int id) => Travel(toZone, AtZone, id);
    public void ToServer(int id) => Travel(zoneToServer, AtServer, id);
    public void ToDatabase(int id) => Travel(serverToDatabase, AtDatabase, id);

    private void Travel(Sampler? delay, int to, int id)
    {
        if (delay is null) Handle(to, id);
        else _simulation.Schedule(delay.Sample(), this, to, id);
    }

    public void Handle(int kind, int id)
    {
        switch (kind)
        {
            case AtProxy: farm.AtProxy(id); break;
            case AtZone: farm.Dispatch(id); break;
            case AtServer: farm.AtServer(id); break;
            default: farm.AtDatabase(id); break;
        }
    }
}
