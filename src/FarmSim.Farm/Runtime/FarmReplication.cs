using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Balancing;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// One independent replication of a farm: builds the proxy, zones, balancers, servers and app
/// sources from the spec, each random part on its own named stream, runs the warm-up and the
/// measured period, and reports the metrics of the measured period.
/// An observation belongs to the measured period when the event that makes it (an arrival, a
/// rejection, a completion) happens in it.
/// </summary>
public sealed class FarmReplication : IEventHandler
{
    private readonly SimulationSettings _settings;
    private readonly AppSource[] _apps;
    private readonly FrontEnd[] _servers;
    private readonly Zone[] _zones;
    private readonly Proxy _proxy;
    private readonly TimeSeriesRecorder _timeSeries;
    private readonly Database? _database;
    private readonly Sampler?[][] _queryTime; // per app, per class
    private bool _measuring;

    public FarmReplication(FarmSpec farm, SimulationSettings settings, int replication)
    {
        var problems = FarmProblems.Of(farm, settings);
        if (problems.Count > 0)
            throw new ArgumentException("The farm is not valid: " + string.Join("; ", problems.Select(p => $"{p.Path} {p.Message}")), nameof(farm));
        _settings = settings;
        Replication = replication;

        RandomStream Stream(string name) => new(settings.Seed, replication, name);

        _servers = new FrontEnd[farm.Servers.Count];
        var serverIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _servers.Length; i++)
        {
            var s = farm.Servers[i];
            _servers[i] = new FrontEnd(this, i, s.Name, s.Workers, s.QueueLimit ?? int.MaxValue, s.Speed, s.Cores);
            serverIndex[s.Name] = i;
        }

        _zones = new Zone[farm.Zones.Count];
        var zoneIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int z = 0; z < _zones.Length; z++)
        {
            var spec = farm.Zones[z];
            var members = farm.MembersOf(spec).Select(name => _servers[serverIndex[name]]).ToArray();
            var weights = members.Select(m => farm.Servers[m.Index].Weight).ToArray();
            var balancer = BalancerCatalog.Create(spec.Balancer, weights, Stream($"zone/{spec.Name}/balancer"));
            _zones[z] = new Zone(spec.Name, balancer, members);
            zoneIndex[spec.Name] = z;
        }

        // The proxy's route table maps paths to zones; each app's path is looked up once, here.
        var routes = farm.Apps.ToDictionary(a => a.Path, a => zoneIndex[a.Zone], StringComparer.OrdinalIgnoreCase);
        _proxy = new Proxy(this, farm.Proxy.Latency, farm.Apps.Select(a => routes[a.Path]).ToArray());

        _apps = new AppSource[farm.Apps.Count];
        for (int a = 0; a < _apps.Length; a++)
        {
            var app = farm.Apps[a];
            var arrivals = Sampler.Create(DistributionSpec.Exponential(1 / app.ArrivalRate), Stream($"app/{app.Name}/arrivals"));
            _apps[a] = app.Classes is { } classes
                ? new AppSource(this, a, app.Name, arrivals,
                    classes.Select(c => c.Cpu is null ? null : Sampler.Create(c.Cpu, Stream($"app/{app.Name}/class/{c.Name}/cpu"))).ToArray(),
                    classes.Select(c => c.Share).ToArray(), classes.Select(c => c.Queries).ToArray(), Stream($"app/{app.Name}/classes"))
                : new AppSource(this, a, app.Name, arrivals, Sampler.Create(app.Service, Stream($"app/{app.Name}/service")));
        }
        _timeSeries = new TimeSeriesRecorder(Simulation, _apps, _servers, settings.WindowOrDefault, settings.End);
        _queryTime = farm.Apps.Select(app => (app.Classes ?? []).Select(c => c.Queries > 0 && c.QueryTime is { } time
            ? Sampler.Create(time, Stream($"app/{app.Name}/class/{c.Name}/db")) : null).ToArray()).ToArray();
        if (farm.Database is { } db) _database = new Database(this, db.Name, db.Connections, db.Workers);
    }

    public int Replication { get; }

    public Simulation Simulation { get; } = new();

    internal RequestTable Requests { get; } = new();

    /// <summary>
    /// Runs the warm-up and the measured period and returns what was measured.
    /// <paramref name="progress"/>, when given, hears the fraction of simulated time done, in
    /// steps of 1%; stepping does not change the order of events, so neither does it the results.
    /// </summary>
    public ReplicationResult Run(CancellationToken cancellation = default, Action<double>? progress = null)
    {
        foreach (var app in _apps) app.Start();
        _timeSeries.Start();
        if (_settings.Warmup > 0) Simulation.ScheduleAt(_settings.Warmup, this, 0);
        else BeginMeasurement();
        int steps = progress is null ? 1 : 100;
        for (int step = 1; step <= steps; step++)
        {
            Simulation.Run(step == steps ? _settings.End : _settings.End * step / steps, cancellation);
            progress?.Invoke((double)step / steps);
        }
        return Report();
    }

    /// <summary>The end of the warm-up.</summary>
    void IEventHandler.Handle(int kind, int arg) => BeginMeasurement();

    private void BeginMeasurement()
    {
        _measuring = true;
        foreach (var server in _servers) server.BeginMeasurement();
        _database?.BeginMeasurement();
    }

    internal bool Measuring => _measuring;

    /// <summary>The CPU phase is over: the request's queries, or its end.</summary>
    internal void AfterCpu(int id, FrontEnd server)
    {
        if (Requests[id].QueriesLeft > 0) _database!.Query(id);
        else server.Finish(id);
    }

    /// <summary>The request's last query is done: it leaves its server.</summary>
    internal void QueriesDone(int id) => _servers[Requests[id].Server].Finish(id);

    internal double QueryTime(int id)
    {
        ref Request request = ref Requests[id];
        return _queryTime[request.App][request.Class]!.Sample();
    }

    internal void Arrive(int app, double demand, short requestClass, short queries)
    {
        int id = Requests.Allocate();
        ref Request request = ref Requests[id];
        request.Arrival = Simulation.Now;
        request.Demand = demand;
        request.Class = requestClass;
        request.QueriesLeft = queries;
        request.App = app;
        if (_measuring) _apps[app].Tally.Arrivals++;
        _proxy.Receive(id);
    }

    /// <summary>The request reaches its zone's balancer, which sends it to one of the zone's servers.</summary>
    internal void Dispatch(int id)
    {
        ref Request request = ref Requests[id];
        Zone zone = _zones[_proxy.ZoneOf(request.App)];
        int member = zone.Balancer.Pick();
        FrontEnd server = zone.Members[member];
        request.Member = member;
        request.Server = server.Index;
        if (_measuring) server.Tally.Arrivals++;
        if (server.Accept(id))
        {
            zone.Balancer.Sent(member);
            return;
        }
        if (_measuring)
        {
            server.Tally.Rejected++;
            _apps[request.App].Tally.Rejected++;
        }
        Requests.Release(id);
    }

    internal void Complete(int id, FrontEnd server)
    {
        ref Request request = ref Requests[id];
        _zones[_proxy.ZoneOf(request.App)].Balancer.Completed(request.Member);
        double latency = Simulation.Now - request.Arrival;
        var app = _apps[request.App];
        app.Window.Record(latency);
        server.Window.Record(latency);
        server.CompletedSinceStart++;
        if (_measuring)
        {
            double wait = request.Start - request.Arrival;
            app.Tally.RecordCompletion(latency, wait);
            server.Tally.RecordCompletion(latency, wait);
        }
        Requests.Release(id);
    }

    private ReplicationResult Report()
    {
        double seconds = _settings.Duration;
        var entities = new List<EntityResult>(1 + _zones.Length + _apps.Length + _servers.Length);

        var farmTally = new Tally();
        foreach (var app in _apps) farmTally.Add(app.Tally);
        entities.Add(Aggregate(Scope.Farm, "farm", farmTally, _servers, seconds));

        for (int z = 0; z < _zones.Length; z++)
        {
            var zoneTally = new Tally();
            for (int a = 0; a < _apps.Length; a++)
                if (_proxy.ZoneOf(a) == z) zoneTally.Add(_apps[a].Tally);
            entities.Add(Aggregate(Scope.Zone, _zones[z].Name, zoneTally, _zones[z].Members, seconds));
        }

        foreach (var app in _apps)
        {
            var values = NewValues();
            app.Tally.Report(values, seconds);
            entities.Add(new EntityResult(Scope.App, app.Name, values));
        }

        foreach (var server in _servers)
        {
            var values = NewValues();
            server.Report(values, seconds);
            entities.Add(new EntityResult(Scope.Server, server.Name, values));
        }
        if (_database is not null)
        {
            var values = NewValues();
            _database.Report(values, seconds);
            entities.Add(new EntityResult(Scope.Database, _database.Name, values));
        }
        return new ReplicationResult(Replication, entities, Simulation.EventsProcessed, _timeSeries.Result(),
            _apps.Select(a => a.Tally.Latency).ToList());
    }

    /// <summary>
    /// A farm or zone row: the requests of its apps, and the utilisation of its servers, all the
    /// work on them included (a server shared with another zone is busy for both).
    /// </summary>
    private static EntityResult Aggregate(Scope scope, string name, Tally tally, FrontEnd[] servers, double seconds)
    {
        var values = NewValues();
        tally.Report(values, seconds);
        double busy = 0, workers = 0;
        foreach (var server in servers)
        {
            busy += server.BusyArea;
            workers += server.Workers;
        }
        values[(int)Metric.Utilization] = busy / (workers * seconds);
        return new EntityResult(scope, name, values);
    }

    private static double[] NewValues()
    {
        var values = new double[MetricNames.Count];
        Array.Fill(values, double.NaN);
        return values;
    }
}
