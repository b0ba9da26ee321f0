using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Balancing;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;
using FarmSim.Farm.Runtime.Users;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// What the farm does with a request: the main proxy forwards it to its app's zone, the zone's
/// balancer picks a server, the server serves it (CPU, then queries to its database, then its
/// server-side calls, one after another, each through the producer's zone balancer), and the
/// answer goes back to whoever asked: the caller, or the user side.
/// </summary>
internal sealed partial class ServerSide
{
    private readonly RunContext _run;
    private readonly Simulation _simulation;
    private readonly App[] _apps;
    private readonly Proxy _proxy;
    private readonly Network _network;
    private readonly Database[] _databases;
    private readonly int[] _databaseOf;        // per app: the index of the database its queries go to
    private readonly DemandSource[] _sources;       // every demand source, by Request.Source
    private readonly CallPlan[][][] _calls;    // per app, per class, per call
    private readonly RandomStream?[][] _callChance;
    private readonly Tally[][][] _edges;       // per app, per class, per call: the call edge's figures
    private readonly HashKey[] _hashKey;       // per zone: what its balancer hashes, if it hashes
    private readonly short[] _visitorApp;      // per demand source: the app whose workload numbers its requests' visitors (-1: calls)
    private readonly bool[] _hasVisitors;      // per app: its workload's visitors come back (closed users, sessions), so a pin can matter
    private readonly bool[] _isRetrySource;    // per demand source: whether it draws an app's users' retries
    private readonly bool _sticky;             // whether any zone's balancer has sticky sessions
    private readonly double[][] _responseBytes; // per app, per class: its answer's size, for balancers that count bytes

    public ServerSide(RunContext run, FarmSpec farm, App[] apps, CallTables tables)
    {
        _run = run;
        _simulation = run.Simulation;
        _apps = apps;
        (_sources, _calls, _callChance, _edges) = (tables.Sources, tables.Calls, tables.Chance, tables.Edges);
        _visitorApp = tables.VisitorApp;
        _hasVisitors = [.. farm.Apps.Select(a => a.Users is not null || a.Sessions is not null)];
        _isRetrySource = tables.IsRetrySource;
        _responseBytes = [.. farm.Apps.Select(a => (a.Classes ?? []).Select(c => c.ResponseBytes).ToArray())];

        Servers = new FrontEnd[farm.Servers.Count];
        var serverIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Servers.Length; i++)
        {
            var s = farm.Servers[i];
            Servers[i] = new FrontEnd(this, i, s.Name, s.Workers, s.QueueLimit ?? int.MaxValue, s.Speed, s.Cores);
            serverIndex[s.Name] = i;
        }

        Zones = new Zone[farm.Zones.Count];
        _hashKey = new HashKey[farm.Zones.Count];
        var zoneIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int z = 0; z < Zones.Length; z++)
        {
            var spec = farm.Zones[z];
            var members = farm.EverMembersOf(spec).Select(name => Servers[serverIndex[name]]).ToArray();
            var weights = members.Select(m => farm.Servers[m.Index].Weight).ToArray();
            var balancer = BalancerCatalog.Create(spec.Balancer, weights, run.Stream($"zone/{spec.Name}/balancer"), spec.BalancerOptions,
                members.Select(m => m.Workers).ToArray(), members.Select(m => m.Name).ToArray());
            _hashKey[z] = spec.BalancerOptions.HashKey ?? HashKey.Source;
            balancer.PanicThreshold = spec.PanicThreshold;
            if (balancer.MeasuresLatency) run.Requests.KeepSendTimes();
            Zones[z] = new Zone(spec.Name, balancer, members, spec.Retries);
            if (spec.Affinity is { } affinity)
            {
                Zones[z].Sticky = new StickySessions(affinity.Ttl ?? double.PositiveInfinity);
                Zones[z].StickyCalls = affinity.By == AffinityBy.Source;
                _sticky = true;
            }
            for (int m = farm.MembersOf(spec).Count; m < members.Length; m++) Zones[z].SetHolds(m, false); // it joins later
            zoneIndex[spec.Name] = z;
        }

        // The proxy's route table maps paths to zones; each app's path is looked up once, here.
        var routes = farm.Apps.ToDictionary(a => a.Path, a => zoneIndex[a.Zone], StringComparer.OrdinalIgnoreCase);
        var moves = farm.Events.OfType<AppMoveEvent>().OrderBy(m => m.At).ToList();
        _proxy = new Proxy(farm.Apps.Select(a => routes[a.Path]).ToArray(), moves.Count == 0 ? null
            : farm.Apps.Select(a => moves.Where(m => m.App == a.Name).Select(m => (m.At, zoneIndex[m.Zone])).ToArray()).ToArray());
        Sampler? Hop(string name, DistributionSpec? spec) => spec is null ? null : Sampler.Create(spec, run.Stream($"hop/{name}"));
        _network = new Network(this, Hop("user_to_proxy", farm.Hops.UserToProxy),
            Hop("to_zone", farm.Hops.ToZone ?? (farm.Proxy.Latency > 0 ? DistributionSpec.Constant(farm.Proxy.Latency) : null)),
            Hop("zone_to_server", farm.Hops.ZoneToServer), Hop("server_to_database", farm.Hops.ServerToDatabase));
        _databases = farm.Databases.Select(db => new Database(this, db.Name, db.Connections, db.Workers, Servers.Length, db.PerServerPool, db.Cores)).ToArray();
        _databaseOf = farm.Apps.Select(farm.DatabaseOf).ToArray();
    }

    public FrontEnd[] Servers { get; }
    public Zone[] Zones { get; }
    public IReadOnlyList<Database> Databases => _databases;
    public RunContext Run => _run;
    public RequestTable Requests => _run.Requests;

    /// <summary>The user side, which hears of its requests' answers and refusals.</summary>
    public UserSide UserSide { get; set; } = null!;

    /// <summary>The zone an app's path leads to at the end of the run (where a moved app's figures count).</summary>
    public int ZoneOf(int app) => _proxy.ZoneOf(app, double.PositiveInfinity);

    /// <summary>A user's request leaves for the main proxy.</summary>
    public void FromUser(int id) => _network.ToProxy(id);

    /// <summary>A user request reaches the main proxy, which forwards it to its app's zone.</summary>
    internal void AtProxy(int id) => _network.ToZone(id);

    /// <summary>
    /// The request reaches its zone's balancer, which sends it to one of the zone's servers; the
    /// balancer counts it as outstanding from then on, while it travels too.
    /// </summary>
    internal void Dispatch(int id)
    {
        ref Request request = ref Requests[id];
        int z = _proxy.ZoneOf(request.App, request.Arrival);
        Zone zone = Zones[z];
        if (zone.Balancer.MeasuresLatency) zone.Balancer.Now = _simulation.Now;
        if (zone.Balancer.UsesKey) zone.Balancer.Key = KeyOf(ref request, _hashKey[z]);
        int member = zone.Sticky is not null && StickyKey(zone, ref request, out long key)
            ? zone.Sticky.Follow(key, zone.Balancer, _simulation.Now, pins: request.Page) : zone.Balancer.Pick();
        if (member < 0)
        {
            Refused(id); // its health checks have taken every server out (ARR's 502.4)
            return;
        }
        SendTo(zone, member, id, ref request);
    }

    /// <summary>The zone's balancer sends the request to its member <paramref name="member"/>, which counts it outstanding from now on, while it travels too.</summary>
    private void SendTo(Zone zone, int member, int id, ref Request request)
    {
        request.Member = (short)member;
        request.Server = (short)zone.Members[member].Index;
        zone.Balancer.Sent(member);
        if (zone.Balancer.MeasuresLatency) Requests.SentAt(id) = _simulation.Now;
        _network.ToServer(id);
    }

    /// <summary>
    /// What a sticky zone follows the request by: its visitor (a closed user's or a session's, its
    /// browser's calls included), or with source affinity a server-side call's calling front-end.
    /// An open stream's requests each come from a visitor of their own, who never comes back: none is pinned.
    /// Only a page pins its visitor; a browser's call follows the pin its page left, so one that comes
    /// after its visit is over (and its pin forgotten) leaves none behind.
    /// </summary>
    private bool StickyKey(Zone zone, ref Request request, out long key)
    {
        key = 0;
        if (request.IsCall)
        {
            if (!zone.StickyCalls) return false;
            key = StickySessions.ServerKey(Requests[request.Parent].Server);
            return true;
        }
        int app = _visitorApp[request.Source];
        // A retry draws from its app's retry source, which names the app of a page's visitor but not of a browser call's.
        if (app < 0 || !_hasVisitors[app] || !request.Page && _isRetrySource[request.Source]) return false;
        key = StickySessions.VisitorKey(app, request.Visitor);
        return true;
    }

    /// <summary>A visit of <paramref name="app"/>'s workload is over: sticky zones forget its visitor.</summary>
    public void VisitOver(int app, int visitor)
    {
        if (!_sticky) return;
        foreach (var zone in Zones) zone.Sticky?.Forget(StickySessions.VisitorKey(app, visitor));
    }

    /// <summary>
    /// The hash of what a hashing balancer hashes: the client's address (one per visitor of each app;
    /// a server-side call's is its calling front-end's), or the URL (the app and class).
    /// </summary>
    private uint KeyOf(ref Request request, HashKey key)
    {
        if (key == HashKey.Uri) return KeyHash.Of(((ulong)(uint)request.App << 32) | (ushort)request.Class);
        if (request.IsCall) return KeyHash.Of(0xC000_0000_0000_0000UL | (ushort)Requests[request.Parent].Server);
        return KeyHash.Of(((ulong)(uint)request.App << 32) | (uint)request.Visitor);
    }

    /// <summary>The request reaches its server: into service, into the queue, or rejected (503).</summary>
    internal void AtServer(int id)
    {
        ref Request request = ref Requests[id];
        FrontEnd server = Servers[request.Server];
        if (_run.Measuring) server.Tally.Arrivals++;
        // A zone's application pool that is restarting takes nothing: HTTP.sys answers 503, as when the queue is full.
        if ((server.RestartingPools == 0 || !Zones[_proxy.ZoneOf(request.App, request.Arrival)].IsRestarting(request.Member)) && server.Accept(id)) return;
        var zone = Zones[_proxy.ZoneOf(request.App, request.Arrival)];
        zone.Balancer.Completed(request.Member);
        zone.Passive?.Failed(request.Member);
        if (_run.Measuring) server.Tally.Rejected++;
        if (request.ZoneTries < zone.Retries && zone.Members.Length > 1)
        {
            // The balancer tries another server it sends to (each try is an arrival there): the one
            // it has the fewest requests outstanding on, ties going to the first after the one that refused.
            request.ZoneTries++;
            int rejectedBy = request.Member, members = zone.Members.Length, member = -1;
            for (int k = 1; k < members; k++)
            {
                int candidate = (rejectedBy + k) % members;
                if (zone.Balancer.IsEligible(candidate) && (member < 0 || zone.Balancer.Outstanding(candidate) < zone.Balancer.Outstanding(member))) member = candidate;
            }
            if (member >= 0)
            {
                if (zone.Sticky is not null && StickyKey(zone, ref request, out long key)) zone.Sticky.Moved(key, member, _simulation.Now);
                SendTo(zone, member, id, ref request);
                return;
            }
        }
        Refused(id);
    }

    /// <summary>Every server refused the request, or none was there to take it: a user's request fails (503, ARR's 502.4); a call fails at once and its caller goes on.</summary>
    private void Refused(int id)
    {
        ref Request request = ref Requests[id];
        if (!request.IsCall)
        {
            UserSide.Refused(id);
            return;
        }
        if (_run.Measuring)
        {
            _apps[request.App].Tally.Rejected++;
            ref Request caller = ref Requests[request.Parent];
            _edges[caller.App][caller.Class][caller.CallIndex].Rejected++;
        }
        int parent = request.Parent;
        Requests.Release(id);
        NextCall(parent);
    }

    /// <summary>How much slower the request's server serves its zone's apps now (a cold pool after a restart); 1 when warm.</summary>
    internal double Slowdown(int id)
    {
        ref Request request = ref Requests[id];
        return Zones[_proxy.ZoneOf(request.App, request.Arrival)].Slowdown(request.Member, _simulation.Now);
    }

    /// <summary>The CPU phase is over: the request's queries, its calls, or its end.</summary>
    internal void AfterCpu(int id)
    {
        if (Lost(id)) return;
        if (Requests[id].QueriesLeft > 0) _network.ToDatabase(id);
        else QueriesDone(id);
    }

    /// <summary>The request makes its next query (over the hop to the database).</summary>
    internal void NextQuery(int id)
    {
        if (!Lost(id)) _network.ToDatabase(id);
    }

    internal void AtDatabase(int id)
    {
        if (!Lost(id)) _databases[_databaseOf[Requests[id].App]].Query(id);
    }

    internal double QueryTime(int id)
    {
        ref Request request = ref Requests[id];
        return _sources[request.Source].QueryTime(request.Class);
    }

    /// <summary>The request's queries are done: its server-side calls, one after another, then its end.</summary>
    internal void QueriesDone(int id)
    {
        if (Lost(id)) return;
        ref Request request = ref Requests[id];
        var calls = request.Class >= 0 ? _calls[request.App][request.Class] : [];
        request.CallIndex = 0;
        request.CallsLeft = calls.Length > 0 ? calls[0].Count : (short)0;
        NextCall(id);
    }

    /// <summary>Makes the request's next call (each is made with its probability), or ends the request when none is left.</summary>
    private void NextCall(int id)
    {
        if (Lost(id)) return;
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
        Servers[request.Server].Finish(id);
    }

    /// <summary>
    /// A server-side call: a request of the producer app, sent to its zone's address, that is through
    /// the zone's balancer (not the main proxy), while the caller keeps its worker.
    /// </summary>
    private void Call(int parent, CallPlan plan)
    {
        int id = Requests.Allocate();
        var (cpu, queries) = _sources[plan.Source].Demand(plan.Class);
        ref Request request = ref Requests[id];
        request.Arrival = _simulation.Now;
        request.Start = double.NaN; // no worker has it yet
        request.Demand = cpu;
        request.Class = plan.Class;
        request.QueriesLeft = queries;
        request.App = plan.App;
        request.Source = plan.Source;
        request.Parent = parent;
        request.State = RequestState.Call;
        request.Page = false;
        request.ClearTries();
        if (_run.Measuring)
        {
            var tally = _apps[plan.App].Tally;
            tally.Arrivals++;
            tally.Internal++;
            ref Request caller = ref Requests[parent];
            _edges[caller.App][caller.Class][caller.CallIndex].Arrivals++;
        }
        _network.ToZone(id); // the producer's zone address: its balancer, not the main proxy
    }

    /// <summary>The server is done with the request: a call answers its caller; a user's answer goes to the user side.</summary>
    internal void Complete(int id, FrontEnd server)
    {
        ref Request request = ref Requests[id];
        var zone = Zones[_proxy.ZoneOf(request.App, request.Arrival)];
        zone.Balancer.Completed(request.Member);
        zone.Passive?.Succeeded(request.Member);
        if (zone.Balancer.MeasuresLatency) zone.Balancer.Answered(request.Member, _simulation.Now - Requests.SentAt(id), _simulation.Now);
        if (zone.Balancer.CountsBytes) zone.Balancer.Transferred(request.Member, request.Class >= 0 ? _responseBytes[request.App][request.Class] : 0);
        double latency = _simulation.Now - request.Arrival;
        server.Window.Record(latency);
        server.CompletedSinceStart++;
        double wait = request.Start - request.Arrival;
        if (_run.Measuring) server.Tally.RecordCompletion(latency, wait);
        if (!request.IsCall)
        {
            UserSide.Answered(id);
            return;
        }
        var app = _apps[request.App];
        app.Window.Record(latency);
        if (_run.Measuring)
        {
            app.Tally.RecordCompletion(latency, wait);
            ref Request caller = ref Requests[request.Parent];
            _edges[caller.App][caller.Class][caller.CallIndex].RecordCompletion(latency, wait);
        }
        int parent = request.Parent;
        Requests.Release(id);
        NextCall(parent);
    }

    /// <summary>
    /// Whether the request died in its server's crash (a worker took it before the crash); if so
    /// its slot is freed here, at the first event that comes back for it, and nothing more happens.
    /// </summary>
    private bool Lost(int id)
    {
        ref Request request = ref Requests[id];
        if (!(request.Start <= Servers[request.Server].CrashedAt)) return false;
        Requests.Release(id);
        return true;
    }
}
