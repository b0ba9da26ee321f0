using FarmSim.Farm.Runtime.Workloads;
using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// What the requests of one source (an app's users, the calls one class makes, a browser's calls,
/// the users' retries) need of one app: a class, chosen by the classes' shares, and for it a CPU
/// demand or a service time and its queries' times, each drawn from streams of this source alone.
/// So every alternative compared under common random numbers serves the same requests from each
/// source, whatever another source does and whatever order the servers take them in.
/// </summary>
internal sealed class DemandSource
{
    private Sampler? _service;
    private readonly Sampler?[] _cpu;
    private readonly Sampler?[] _queryTime;
    private readonly int[] _queries;
    private readonly double[] _cumulativeShares;
    private readonly RandomStream? _classes;

    /// <param name="prefix">The streams' common name: <c>app/NAME</c> for the app's own users.</param>
    public DemandSource(RunContext run, AppSpec app, string prefix)
    {
        Name = prefix;
        if (app.Classes is not { } classes)
        {
            _service = Sampler.Create(app.Service, run.Stream(prefix + "/service"));
            _cpu = _queryTime = [];
            _queries = [];
            _cumulativeShares = [];
            return;
        }
        _cpu = new Sampler?[classes.Count];
        _queryTime = new Sampler?[classes.Count];
        _queries = new int[classes.Count];
        _cumulativeShares = new double[classes.Count];
        double sum = 0;
        for (int c = 0; c < classes.Count; c++)
        {
            var rc = classes[c];
            string stream = $"{prefix}/class/{rc.Name}";
            _cpu[c] = rc.Cpu is null ? null : Sampler.Create(rc.Cpu, run.Stream(stream + "/cpu"));
            _queryTime[c] = rc.Queries > 0 && rc.QueryTime is { } time ? Sampler.Create(time, run.Stream(stream + "/db")) : null;
            _queries[c] = rc.Queries;
            _cumulativeShares[c] = sum += rc.Share;
        }
        _classes = run.Stream(prefix + "/classes");
    }

    /// <summary>A replay with logged demands: each request's service time is its log's (the model's when the log has none).</summary>
    public void UseLoggedDemands(ReplayTimes times) => _service = new LoggedDemand(times, _service!);

    /// <summary>The name its streams start with.</summary>
    public string Name { get; }

    /// <summary>A class by the classes' shares, or −1 for an app with a plain service time.</summary>
    public short ChooseClass()
    {
        if (_classes is null) return -1;
        double u = _classes.NextDouble() * _cumulativeShares[^1];
        int c = 0;
        while (c < _cumulativeShares.Length - 1 && u >= _cumulativeShares[c]) c++;
        return (short)c;
    }

    /// <summary>A request of class <paramref name="c"/> (−1 for a plain service time): its demand and its number of queries.</summary>
    public (double Cpu, short Queries) Demand(int c) => c < 0 ? (_service!.Sample(), (short)0) : (_cpu[c]?.Sample() ?? 0, (short)_queries[c]);

    /// <summary>The time of one query of a request of class <paramref name="c"/>.</summary>
    public double QueryTime(int c) => _queryTime[c]!.Sample();
}
