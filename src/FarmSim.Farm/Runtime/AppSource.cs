using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Metrics;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// The users of one app: a Poisson stream of requests to the main proxy. Each request's service
/// demand is drawn at arrival from the app's own stream, so every alternative compared under common
/// random numbers serves the same requests, whatever order the servers take them in.
/// </summary>
internal sealed class AppSource(FarmReplication farm, int index, string name, Sampler interarrival, Sampler service) : IEventHandler
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    public Tally Tally { get; } = new();

    /// <summary>The current time-series window's completions and latencies, warm-up included.</summary>
    public WindowTally Window { get; } = new();

    public void Start() => farm.Simulation.Schedule(interarrival.Sample(), this, 0);

    public void Handle(int kind, int arg)
    {
        farm.Simulation.Schedule(interarrival.Sample(), this, 0);
        farm.Arrive(Index, service.Sample());
    }
}
