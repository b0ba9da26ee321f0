using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Metrics;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// The users of one app: a Poisson stream of requests to the main proxy. Each request's demand is
/// drawn at arrival from the app's own streams (its class, then that class's CPU demand, or its
/// service time), so every alternative compared under common random numbers serves the same
/// requests, whatever order the servers take them in.
/// </summary>
internal sealed class AppSource : IEventHandler
{
    private readonly FarmReplication _farm;
    private readonly Sampler? _interarrival;
    private readonly Sampler? _service;
    private readonly Sampler?[] _classCpu;
    private readonly int[] _queries;
    private readonly double[] _cumulativeShares;
    private readonly RandomStream? _classes;

    /// <summary>An app whose requests need a CPU-free service time.</summary>
    public AppSource(FarmReplication farm, int index, string name, Sampler? interarrival, Sampler service)
        : this(farm, index, name, interarrival, service, [], [], [], null)
    {
    }

    /// <summary>An app whose requests come in classes, each with its share and CPU demand.</summary>
    public AppSource(FarmReplication farm, int index, string name, Sampler? interarrival, Sampler?[] classCpu, double[] shares, int[] queries, RandomStream classes)
        : this(farm, index, name, interarrival, null, classCpu, Cumulative(shares), queries, classes)
    {
    }

    private AppSource(FarmReplication farm, int index, string name, Sampler? interarrival, Sampler? service, Sampler?[] classCpu, double[] cumulative, int[] queries, RandomStream? classes)
    {
        _queries = queries;
        _farm = farm;
        Index = index;
        Name = name;
        _interarrival = interarrival;
        _service = service;
        _classCpu = classCpu;
        _cumulativeShares = cumulative;
        _classes = classes;
    }

    private static double[] Cumulative(double[] shares)
    {
        var cumulative = new double[shares.Length];
        double sum = 0;
        for (int i = 0; i < shares.Length; i++) cumulative[i] = sum += shares[i];
        return cumulative;
    }

    public int Index { get; }
    public string Name { get; }
    public Tally Tally { get; } = new();

    /// <summary>The current time-series window's completions and latencies, warm-up included.</summary>
    public WindowTally Window { get; } = new();

    /// <summary>An app reached only by server-side calls has no arrivals of its own.</summary>
    public void Start()
    {
        if (_interarrival is not null) _farm.Simulation.Schedule(_interarrival.Sample(), this, 0);
    }

    /// <summary>A request of class <paramref name="c"/> (a call or a retry; −1 for a plain service time): its demand and queries.</summary>
    public (double Cpu, short Queries) Demand(int c) => c < 0 ? (_service!.Sample(), (short)0) : (_classCpu[c]?.Sample() ?? 0, (short)_queries[c]);

    public void Handle(int kind, int arg)
    {
        _farm.Simulation.Schedule(_interarrival!.Sample(), this, 0);
        int c = -1;
        if (_service is null)
        {
            double u = _classes!.NextDouble() * _cumulativeShares[^1];
            c = 0;
            while (c < _cumulativeShares.Length - 1 && u >= _cumulativeShares[c]) c++;
        }
        var (demand, queries) = Demand(c);
        _farm.Arrive(Index, demand, (short)c, queries);
    }
}
