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
    private readonly Network _network;
    private readonly TimeSeriesRecorder _timeSeries;
    private readonly Database[] _databases;
    private readonly int[] _databaseOf;        // per app: the index of the database its queries go to
    private readonly Sampler?[][] _queryTime; // per app, per class
    private readonly CallPlan[][][] _calls;   // per app, per class, per call
    private readonly RandomStream?[][] _callChance;
    private readonly Tally[][][] _edges;      // per app, per class, per call: the call edge's figures
    private readonly string[][][] _edgeNames;
    private readonly CallPlan[][][] _browser;  // per app, per class: client-side calls once answered
    private readonly double[][] _transfer;     // per app, per class: its response's time on the user's link
    private readonly ResponseDelivery _delivery;
    private readonly int _clientRetries;
    private readonly double _backoff;
    private readonly double _giveUp;           // when a user's request fails: the proxy's 502 or the client's own timeout, the sooner; or infinity
    private readonly double _clientTimeout;    // the user's own, or infinity
    private readonly ClientTimer _clientTimer;
    private readonly ClientRetry _clientRetry;

    private readonly record struct CallPlan(int App, short Class, short Count, double Probability);
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
            _zones[z] = new Zone(spec.Name, balancer, members, spec.Retries);
            zoneIndex[spec.Name] = z;
        }

        // The proxy's route table maps paths to zones; each app's path is looked up once, here.
        var routes = farm.Apps.ToDictionary(a => a.Path, a => zoneIndex[a.Zone], StringComparer.OrdinalIgnoreCase);
        _proxy = new Proxy(farm.Apps.Select(a => routes[a.Path]).ToArray());
        Sampler? Hop(string name, DistributionSpec? spec) => spec is null ? null : Sampler.Create(spec, Stream($"hop/{name}"));
        _network = new Network(this, Hop("user_to_proxy", farm.Hops.UserToProxy),
            Hop("to_zone", farm.Hops.ToZone ?? (farm.Proxy.Latency > 0 ? DistributionSpec.Constant(farm.Proxy.Latency) : null)),
            Hop("zone_to_server", farm.Hops.ZoneToServer), Hop("server_to_database", farm.Hops.ServerToDatabase));

        _apps = new AppSource[farm.Apps.Count];
        for (int a = 0; a < _apps.Length; a++)
        {
            var app = farm.Apps[a];
            var arrivals = app.ArrivalRate > 0 ? Sampler.Create(DistributionSpec.Exponential(1 / app.ArrivalRate), Stream($"app/{app.Name}/arrivals")) : null;
            _apps[a] = app.Classes is { } classes
                ? new AppSource(this, a, app.Name, arrivals,
                    classes.Select(c => c.Cpu is null ? null : Sampler.Create(c.Cpu, Stream($"app/{app.Name}/class/{c.Name}/cpu"))).ToArray(),
                    classes.Select(c => c.Share).ToArray(), classes.Select(c => c.Queries).ToArray(), Stream($"app/{app.Name}/classes"))
                : new AppSource(this, a, app.Name, arrivals, Sampler.Create(app.Service, Stream($"app/{app.Name}/service")));
        }
        _timeSeries = new TimeSeriesRecorder(Simulation, _apps, _servers, settings.WindowOrDefault, settings.End);
        _databases = farm.Databases.Select(db => new Database(this, db.Name, db.Connections, db.Workers, _servers.Length, db.PerServerPool, db.Cores)).ToArray();
        _databaseOf = farm.Apps.Select(farm.DatabaseOf).ToArray();

        // Per app and class: query times, calls, browser calls, call edges and response transfer.
        var appIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var classIndex = new Dictionary<(string, string), short>();
        for (int a = 0; a < farm.Apps.Count; a++)
        {
            appIndex.TryAdd(farm.Apps[a].Name, a);
            var classes = farm.Apps[a].Classes ?? [];
            for (int c = 0; c < classes.Count; c++) classIndex.TryAdd((farm.Apps[a].Name, classes[c].Name), (short)c);
        }
        CallPlan[] Plans(IReadOnlyList<CallSpec> calls) =>
            calls.Select(call => new CallPlan(appIndex[call.App], classIndex[(call.App, call.Class)], (short)call.Count, call.Probability)).ToArray();
        int apps = farm.Apps.Count;
        double bandwidth = farm.Hops.UserBandwidth ?? double.PositiveInfinity;
        _queryTime = new Sampler?[apps][];
        _calls = new CallPlan[apps][][];
        _browser = new CallPlan[apps][][];
        _callChance = new RandomStream?[apps][];
        _edges = new Tally[apps][][];
        _edgeNames = new string[apps][][];
        _transfer = new double[apps][];
        for (int a = 0; a < apps; a++)
        {
            var app = farm.Apps[a];
            var classes = app.Classes ?? [];
            (_queryTime[a], _calls[a], _browser[a], _callChance[a], _edges[a], _edgeNames[a], _transfer[a]) =
                (new Sampler?[classes.Count], new CallPlan[classes.Count][], new CallPlan[classes.Count][], new RandomStream?[classes.Count],
                 new Tally[classes.Count][], new string[classes.Count][], new double[classes.Count]);
            for (int c = 0; c < classes.Count; c++)
            {
                var rc = classes[c];
                string stream = $"app/{app.Name}/class/{rc.Name}";
                _queryTime[a][c] = rc.Queries > 0 && rc.QueryTime is { } time ? Sampler.Create(time, Stream(stream + "/db")) : null;
                _calls[a][c] = Plans(rc.CallList);
                _browser[a][c] = Plans(rc.Browser);
                _callChance[a][c] = rc.CallList.Concat(rc.Browser).Any(call => call.Probability < 1) ? Stream(stream + "/calls") : null;
                _edges[a][c] = rc.CallList.Select(_ => new Tally()).ToArray();
                _edgeNames[a][c] = rc.CallList.Select(call => $"{app.Name}.{rc.Name}->{call.App}.{call.Class}").ToArray();
                _transfer[a][c] = rc.ResponseBytes / bandwidth;
            }
        }
        _clientRetries = farm.Client?.Retries ?? 0;
        _backoff = farm.Client?.Backoff ?? 0;
        _clientTimeout = farm.Client?.Timeout ?? double.PositiveInfinity;
        _giveUp = Math.Min(_clientTimeout, farm.Proxy.Timeout ?? double.PositiveInfinity);
        _clientTimer = new ClientTimer(this);
        _delivery = new ResponseDelivery(this);
        _clientRetry = new ClientRetry(this);
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
        foreach (var database in _databases) database.BeginMeasurement();
    }

    internal bool Measuring => _measuring;

    /// <summary>The CPU phase is over: the request's queries, its calls, or its end.</summary>
    internal void AfterCpu(int id)
    {
        if (Requests[id].QueriesLeft > 0) _network.ToDatabase(id);
        else QueriesDone(id);
    }

    /// <summary>The request makes its next query (over the hop to the database).</summary>
    internal void NextQuery(int id) => _network.ToDatabase(id);

    internal void AtDatabase(int id) => _databases[_databaseOf[Requests[id].App]].Query(id);

    /// <summary>A user request reaches the main proxy, which forwards it to its app's zone.</summary>
    internal void AtProxy(int id) => _network.ToZone(id);

    /// <summary>The request's queries are done: its server-side calls, one after another, then its end.</summary>
    internal void QueriesDone(int id)
    {
        ref Request request = ref Requests[id];
        var calls = request.Class >= 0 ? _calls[request.App][request.Class] : [];
        request.CallIndex = 0;
        request.CallsLeft = calls.Length > 0 ? calls[0].Count : (short)0;
        NextCall(id);
    }

    /// <summary>Makes the request's next call (each is made with its probability), or ends the request when none is left.</summary>
    private void NextCall(int id)
    {
        ref Request request = ref Requests[id];
        if (request.Class >= 0)
        {
            var calls = _calls[request.App][request.Class];
            while (request.CallIndex < calls.Length)
            {
                if (request.CallsLeft == 0)
                {
                    if (++request.CallIndex < calls.Length) request.CallsLeft = calls[request.CallIndex].Count;
                    continue;
                }
                request.CallsLeft--;
                var plan = calls[request.CallIndex];
                if (plan.Probability < 1 && _callChance[request.App][request.Class]!.NextDouble() >= plan.Probability) continue;
                Call(id, plan);
                return;
            }
        }
        _servers[request.Server].Finish(id);
    }

    /// <summary>
    /// A server-side call: a request of the producer app, sent to its zone's address, that is through
    /// the zone's balancer (not the main proxy), while the caller keeps its worker.
    /// </summary>
    private void Call(int parent, CallPlan plan)
    {
        int id = Requests.Allocate();
        var (cpu, queries) = _apps[plan.App].Demand(plan.Class);
        ref Request request = ref Requests[id];
        request.Arrival = Simulation.Now;
        request.Demand = cpu;
        request.Class = plan.Class;
        request.QueriesLeft = queries;
        request.App = plan.App;
        request.Parent = parent;
        request.ZoneTries = 0;
        request.ClientTries = 0;
        if (_measuring)
        {
            var tally = _apps[plan.App].Tally;
            tally.Arrivals++;
            tally.Internal++;
            ref Request caller = ref Requests[parent];
            _edges[caller.App][caller.Class][caller.CallIndex].Arrivals++;
        }
        _network.ToZone(id); // the producer's zone address: its balancer, not the main proxy
    }

    internal double QueryTime(int id)
    {
        ref Request request = ref Requests[id];
        return _queryTime[request.App][request.Class]!.Sample();
    }

    internal void Arrive(int app, double demand, short requestClass, short queries, int clientTries = 0)
    {
        int id = Requests.Allocate();
        ref Request request = ref Requests[id];
        request.Arrival = Simulation.Now;
        request.Demand = demand;
        request.Class = requestClass;
        request.QueriesLeft = queries;
        request.Parent = -1;
        request.ZoneTries = 0;
        request.ClientTries = clientTries;
        request.App = app;
        if (_measuring) _apps[app].Tally.Arrivals++;
        // A timer that would fire after the run's end is left out: it could change nothing.
        if (Simulation.Now + _giveUp < _settings.End) Simulation.Schedule(_giveUp, _clientTimer, Requests.Generation(id), id);
        _network.ToProxy(id);
    }

    /// <summary>
    /// The proxy has answered 502, or the user's own time is up: the request counts as a timeout
    /// when it happens, its work goes on unseen, and the user sends it again after the back-off
    /// while retries are left.
    /// </summary>
    internal void GiveUp(int id, int generation)
    {
        if (Requests.Generation(id) != generation) return; // answered in time
        ref Request request = ref Requests[id];
        if (request.Parent == Answered)
        {
            // The proxy has relayed the whole answer, which is on its way: only the user's own time can run out.
            double deadline = request.Arrival + _clientTimeout;
            if (deadline > Simulation.Now)
            {
                if (deadline < _settings.End) Simulation.Schedule(deadline - Simulation.Now, _clientTimer, generation, id);
                return;
            }
        }
        request.Parent = -2;
        if (_measuring) _apps[request.App].Tally.Timeouts++;
        int tries = request.ClientTries;
        if (tries < _clientRetries)
            Simulation.Schedule(_backoff * (1 << tries), _clientRetry, request.App, ClientRetry.Pack(request.Class, tries + 1));
    }

    internal void Retry(int app, short requestClass, int tries)
    {
        var (demand, queries) = _apps[app].Demand(requestClass);
        if (_measuring) _apps[app].Tally.Retries++;
        Arrive(app, demand, requestClass, queries, tries);
    }

    /// <summary>
    /// The request reaches its zone's balancer, which sends it to one of the zone's servers; the
    /// balancer counts it as outstanding from then on, while it travels too.
    /// </summary>
    internal void Dispatch(int id)
    {
        ref Request request = ref Requests[id];
        Zone zone = _zones[_proxy.ZoneOf(request.App)];
        int member = zone.Balancer.Pick();
        request.Member = member;
        request.Server = zone.Members[member].Index;
        zone.Balancer.Sent(member);
        _network.ToServer(id);
    }

    /// <summary>The request reaches its server: into service, into the queue, or rejected (503).</summary>
    internal void AtServer(int id)
    {
        ref Request request = ref Requests[id];
        FrontEnd server = _servers[request.Server];
        if (_measuring) server.Tally.Arrivals++;
        if (server.Accept(id)) return;
        var zone = _zones[_proxy.ZoneOf(request.App)];
        zone.Balancer.Completed(request.Member);
        if (_measuring) server.Tally.Rejected++;
        if (request.ZoneTries < zone.Retries && zone.Members.Length > 1)
        {
            // The balancer tries another server (each try is an arrival there): the other member it
            // has the fewest requests outstanding on, ties going to the first after the one that refused.
            request.ZoneTries++;
            int rejectedBy = request.Member, members = zone.Members.Length, member = -1;
            for (int k = 1; k < members; k++)
            {
                int candidate = (rejectedBy + k) % members;
                if (member < 0 || zone.Balancer.Outstanding(candidate) < zone.Balancer.Outstanding(member)) member = candidate;
            }
            request.Member = member;
            request.Server = zone.Members[member].Index;
            zone.Balancer.Sent(member);
            _network.ToServer(id);
            return;
        }
        // A request its user has already given up on fails unseen.
        if (_measuring && request.Parent != -2)
        {
            _apps[request.App].Tally.Rejected++;
            if (request.Parent >= 0)
            {
                ref Request caller = ref Requests[request.Parent];
                _edges[caller.App][caller.Class][caller.CallIndex].Rejected++;
            }
        }
        int parent = request.Parent;
        Requests.Release(id);
        if (parent >= 0) NextCall(parent); // a rejected call fails at once; the caller goes on
    }

    /// <summary>Parent of a user's request whose answer is travelling to the user (the proxy has it all).</summary>
    private const int Answered = -3;

    /// <summary>The server is done with the request; a user's response of a known size still has to travel.</summary>
    internal void Complete(int id, FrontEnd server)
    {
        ref Request request = ref Requests[id];
        _zones[_proxy.ZoneOf(request.App)].Balancer.Completed(request.Member);
        double latency = Simulation.Now - request.Arrival;
        server.Window.Record(latency);
        server.CompletedSinceStart++;
        if (_measuring) server.Tally.RecordCompletion(latency, request.Start - request.Arrival);
        double transfer = request.Parent == -1 && request.Class >= 0 ? _transfer[request.App][request.Class] : 0;
        if (transfer > 0)
        {
            request.Parent = Answered;
            Simulation.Schedule(transfer, _delivery, 0, id);
        }
        else Deliver(id);
    }

    /// <summary>The response reaches whoever asked: the user (then the browser's calls follow) or the calling request.</summary>
    internal void Deliver(int id)
    {
        ref Request request = ref Requests[id];
        double latency = Simulation.Now - request.Arrival;
        var app = _apps[request.App];
        // A request the user has given up on (a 502, or the user's own timeout) was counted then;
        // its late answer counts only on the server, and the browser, having no page, calls nothing.
        bool givenUp = request.Parent == -2;
        if (!givenUp) app.Window.Record(latency);
        if (_measuring)
        {
            double wait = request.Start - request.Arrival;
            if (!givenUp) app.Tally.RecordCompletion(latency, wait);
            if (request.Parent >= 0)
            {
                ref Request caller = ref Requests[request.Parent];
                _edges[caller.App][caller.Class][caller.CallIndex].RecordCompletion(latency, wait);
            }
        }
        int parent = request.Parent, appIndex = request.App, requestClass = request.Class;
        Requests.Release(id);
        if (parent >= 0) NextCall(parent);
        else if (requestClass >= 0 && !givenUp) BrowserCalls(appIndex, requestClass);
    }

    /// <summary>Client-side calls: once a screen is answered, the browser makes requests of its own through the main proxy.</summary>
    private void BrowserCalls(int app, int requestClass)
    {
        foreach (var plan in _browser[app][requestClass])
            for (int n = 0; n < plan.Count; n++)
                if (plan.Probability >= 1 || _callChance[app][requestClass]!.NextDouble() < plan.Probability)
                {
                    var (cpu, queries) = _apps[plan.App].Demand(plan.Class);
                    Arrive(plan.App, cpu, plan.Class, queries);
                }
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
        foreach (var database in _databases)
        {
            var values = NewValues();
            database.Report(values, seconds);
            entities.Add(new EntityResult(Scope.Database, database.Name, values));
        }
        for (int a = 0; a < _edges.Length; a++)
            for (int c = 0; c < _edges[a].Length; c++)
                for (int k = 0; k < _edges[a][c].Length; k++)
                {
                    var values = NewValues();
                    _edges[a][c][k].Report(values, seconds);
                    values[(int)Metric.InternalArrivals] = double.NaN;
                    Tally.NotUsers(values);
                    entities.Add(new EntityResult(Scope.Call, _edgeNames[a][c][k], values));
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
