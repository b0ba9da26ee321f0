using FarmSim.Engine.Distributions;

namespace FarmSim.Farm.Topology;

/// <summary>
/// A front-end server: IIS worker threads (<see cref="Workers"/>, requests in service at once), the
/// request queue in front of them (<see cref="QueueLimit"/> waiting requests at most; one more is
/// rejected, as IIS answers 503; null means unbounded), its relative <see cref="Speed"/> (service
/// times divide by it) and its <see cref="Weight"/> for weighted balancing.
/// </summary>
/// <see cref="Cores"/>, when given, is the CPU that requests' CPU demands share (processor sharing);
/// without it CPU demands are served like plain service times, without contention.
public sealed record FrontEndSpec(string Name, int Workers, int? QueueLimit = FrontEndSpec.IisQueueLength, double Speed = 1, double Weight = 1, int? Cores = null)
{
    /// <summary>How often it fails at random and how long it takes to repair; null when it never does.</summary>
    public FailureSpec? Failures { get; init; }

    /// <summary>HTTP.sys' default application-pool queue length.</summary>
    public const int IisQueueLength = 1000;
}

/// <summary>
/// A deployment zone: the servers an app published to it runs on, reached through the zone's own
/// load balancer at the zone <see cref="Address"/>. <see cref="Servers"/> are the member names;
/// <see cref="AllServers"/> (or an empty list on the zone named <see cref="Global"/>) means every
/// server of the farm, as the platform's "includes all servers" flag does.
/// </summary>
/// <see cref="Retries"/>: how many other servers the balancer tries when a server rejects a request (queue full).
public sealed record ZoneSpec(string Name, string? Address, IReadOnlyList<string> Servers, string Balancer, bool AllServers = false, int Retries = 0)
{
    public const int MaxRetries = 15;

    public const string Global = "Global";

    /// <summary>The parameters of its balancer's algorithm (HAProxy's draws, Envoy's choice_count, …); none given: the algorithm's defaults.</summary>
    public Balancing.BalancerOptions BalancerOptions { get; init; } = Balancing.BalancerOptions.None;

    /// <summary>How its balancer finds out that a server is down or back; null: it never does (it keeps sending to a dead server).</summary>
    public HealthCheckSpec? HealthCheck { get; init; } = HealthCheckSpec.HAProxy;

    /// <summary>How a server its checks bring back ramps up its weight (HAProxy's and NGINX's linear ramp, or Envoy's); null for none.</summary>
    public SlowStartSpec? SlowStart { get; init; }

    /// <summary>Envoy's panic threshold: below this share of its servers healthy, the balancer sends to all of them (0: never).</summary>
    public double PanicThreshold { get; init; }

    /// <summary>ARR's live-traffic test, if the zone's balancer runs one.</summary>
    public LiveTrafficSpec? LiveTraffic { get; init; }

    /// <summary>Envoy's outlier detection, if the zone's balancer runs it.</summary>
    public OutlierDetectionSpec? OutlierDetection { get; init; }

    /// <summary>Sticky sessions on its balancer; null for none (OutSystems' advice).</summary>
    public AffinitySpec? Affinity { get; init; }

    public bool HoldsAllServers => AllServers || (Name == Global && Servers.Count == 0);
}

/// <summary>
/// One kind of request of an app (a screen, a REST method): its <see cref="Share"/> of the app's
/// requests, its CPU demand on a front-end (seconds at speed 1; null for none), and the database
/// queries it makes after that: <see cref="Queries"/> of them, each taking <see cref="QueryTime"/>.
/// </summary>
public sealed record RequestClassSpec(string Name, double Share, DistributionSpec? Cpu, int Queries = 0, DistributionSpec? QueryTime = null,
    IReadOnlyList<CallSpec>? Calls = null)
{
    public double MeanCpu => Cpu?.Mean ?? 0;
    public IReadOnlyList<CallSpec> CallList => Calls ?? [];

    /// <summary>Client-side calls: requests the browser makes through the main proxy once this one is answered.</summary>
    public IReadOnlyList<CallSpec> Browser { get; init; } = [];

    /// <summary>The size of its response to a user, in bytes; it travels at the user's bandwidth.</summary>
    public double ResponseBytes { get; init; }
}

/// <summary>
/// A server-side call a request makes (REST, SOAP) to another app's class: <see cref="Count"/> times,
/// each made with <see cref="Probability"/>. It goes to the producer app's zone address, through
/// that zone's balancer, while the caller keeps its worker.
/// </summary>
public sealed record CallSpec(string App, string Class, int Count = 1, double Probability = 1);

/// <summary>
/// The database every front-end shares: a pool of <see cref="Connections"/> (in all, or on each
/// front-end with <see cref="PerServerPool"/>, as ADO.NET pools are per process) and
/// <see cref="Workers"/> serving queries at once, sharing <see cref="Cores"/> when given (processor sharing). A query waits for a connection, then for a
/// worker, and holds its connection (and its request's front-end worker) until it is done.
/// </summary>
public sealed record DatabaseSpec(string Name, int Connections, int Workers, bool PerServerPool = false, int? Cores = null)
{
    public const string Total = "total", PerServer = "per-server";
}

/// <summary>
/// An application published to one zone. Its users' requests reach the main proxy, which routes
/// them by <see cref="Path"/>: an open Poisson stream of <see cref="ArrivalRate"/> per second (which
/// may follow a <see cref="Profile"/> and have bursts), or a closed population (<see cref="Users"/>),
/// or sessions (<see cref="Sessions"/>); an app only other apps call has none.
/// Each needs either a CPU-free service time drawn from <see cref="Service"/> (seconds on a server of
/// speed 1) or, when <see cref="Classes"/> are given, the CPU demand of its class.
/// </summary>
public sealed record AppSpec(string Name, string Path, string Zone, double ArrivalRate, DistributionSpec Service,
    IReadOnlyList<RequestClassSpec>? Classes = null)
{
    public static string DefaultPath(string name) => "/" + name;

    /// <summary>The name of the database its queries go to; null for the farm's first.</summary>
    public string? Database { get; init; }

    /// <summary>How the open arrival rate changes over the run: a factor on <see cref="ArrivalRate"/>; null for a steady rate.</summary>
    public LoadProfile? Profile { get; init; }

    /// <summary>Random bursts on the open arrivals (MMPP-2), on top of the profile; null for none.</summary>
    public RandomBursts? RandomBursts { get; init; }

    /// <summary>A closed population sending the app's requests instead of an open stream; null for none.</summary>
    public ClosedUsersSpec? Users { get; init; }

    /// <summary>Logged requests sent again instead of a Poisson stream; null for none.</summary>
    public ReplaySpec? Replay { get; init; }

    /// <summary>Sessions (partly open) sending the app's requests instead of an open stream; null for none.</summary>
    public SessionsSpec? Sessions { get; init; }

    /// <summary>Whether users of its own send it requests (an open stream, a population or sessions), rather than only other apps' calls.</summary>
    public bool HasUsers => ArrivalRate > 0 || Users is not null || Sessions is not null || Replay is not null;

    /// <summary>
    /// The requests per second its own users send at their peak, as offered load is judged: an open
    /// stream's rate at the profile's peak (random bursts at their long-run mean); a closed
    /// population's most users over think time plus demand (the most they can send, with no queue);
    /// sessions' visit rate at its peak times their pages.
    /// </summary>
    public double PeakUserRate
    {
        get
        {
            if (Users is { } users) return users.PeakCount / (users.Think.Mean + MeanDemand);
            if (Replay is { } replay) return replay.PeakRate;
            if (Sessions is { } sessions)
                return sessions.Rate * (sessions.Profile?.PeakFactor ?? 1) * (sessions.RandomBursts?.MeanFactor ?? 1) * PagesPerClass().Sum();
            return ArrivalRate * (Profile?.PeakFactor ?? 1) * (RandomBursts?.MeanFactor ?? 1);
        }
    }

    /// <summary>The share of its users' requests each class gets: the classes' shares, or for sessions with a navigation, the pages it leads to.</summary>
    public double ClassShare(int c)
    {
        if (Classes is null) return 1;
        if (Sessions?.Navigation is null) return Classes[c].Share;
        var pages = PagesPerClass();
        double total = pages.Sum();
        return total > 0 ? pages[c] / total : 0;
    }

    private double[] PagesPerClass() => Sessions!.PagesPerClass(Classes?.Select(c => c.Name).ToList() ?? [], Classes?.Select(c => c.Share).ToList() ?? [1.0]);

    /// <summary>The app with its users' load scaled by <paramref name="factor"/>: rates times it, a population rounded to whole users.</summary>
    public AppSpec WithLoad(double factor) => this with
    {
        ArrivalRate = ArrivalRate * factor,
        Users = Users is null ? null : Users with { Count = Math.Max(1, ClosedUsersSpec.Round(Users.Count * factor)) },
        Sessions = Sessions is null ? null : Sessions with { Rate = Sessions.Rate * factor },
        Replay = Replay is null ? null : Replay with { Factor = Replay.Factor * factor },
    };

    /// <summary>The mean work of a user's request, in seconds at speed 1: what offered load is made of.</summary>
    public double MeanDemand => Classes is null ? Service.Mean : Classes.Select((c, i) => ClassShare(i) * c.MeanCpu).Sum();

    /// <summary>The squared coefficient of variation of a request's work, over its classes' mixture.</summary>
    public double DemandSquaredCv
    {
        get
        {
            if (Classes is null) return Service.SquaredCv;
            double mean = MeanDemand;
            double secondMoment = Classes.Select((c, i) => c.Cpu is null ? 0 : ClassShare(i) * c.Cpu.Mean * c.Cpu.Mean * (1 + c.Cpu.SquaredCv)).Sum();
            if (mean == 0) return 0;
            return secondMoment / (mean * mean) - 1;
        }
    }
}

/// <summary>
/// The main load balancer and reverse proxy on the environment <see cref="Address"/>.
/// <see cref="Latency"/> (seconds) is the one-way delay of its hop to the zone's balancer;
/// <see cref="Timeout"/>, when given, the time after which it answers a user 502 (the work goes on).
/// </summary>
public sealed record ProxySpec(string Address, double Latency = 0, double? Timeout = null)
{
    public const string DefaultAddress = "www.mydomain.net";
}

/// <summary>
/// The users' own time limit: a user request not answered within <see cref="Timeout"/> (seconds, from
/// the user's send), or answered 502 by the proxy first, is given up and sent again up to
/// <see cref="Retries"/> times, the n-th time after <see cref="Backoff"/> × 2^(n−1).
/// </summary>
public sealed record ClientSpec(double Timeout, int Retries = 0, double Backoff = 0)
{
    public const int MaxRetries = 15;
}

/// <summary>
/// One-way network delays (seconds), each a distribution, null for none: user to the main proxy,
/// to a zone's balancer (from the proxy, or from a server making a call to the zone address),
/// balancer to server, and server to database (per query).
/// </summary>
public sealed record HopsSpec(DistributionSpec? UserToProxy = null, DistributionSpec? ToZone = null, DistributionSpec? ZoneToServer = null, DistributionSpec? ServerToDatabase = null)
{
    /// <summary>The user's link in bytes per second, over which a response of a known size travels; null for none.</summary>
    public double? UserBandwidth { get; init; }
}

/// <summary>Calls per second from a caller app's class to a producer app's class, server-side or from the browser.</summary>
public sealed record CallFlow(string Caller, string CallerClass, string Callee, string CalleeClass, bool Browser, double Rate);

/// <summary>What is simulated: the environment's proxy, front-end servers, zones, apps and (optionally) the database.</summary>
public sealed record FarmSpec(ProxySpec Proxy, IReadOnlyList<FrontEndSpec> Servers, IReadOnlyList<ZoneSpec> Zones, IReadOnlyList<AppSpec> Apps)
{
    /// <summary>What happens when: servers crash, drain, return, recycle, change weight, join or leave zones; zones publish.</summary>
    public IReadOnlyList<FarmEvent> Events { get; init; } = [];

    /// <summary>
    /// Whether a server can be down, drained or restarting in a run (a crash, a drain, a recycle, a
    /// publish, a leave, or random failures): then lost requests and availability are figures, and
    /// balancers health-check. A weight change, a join or an app's move alone takes no server out.
    /// </summary>
    public bool CanFail => Servers.Any(s => s.Failures is not null) || Events.Any(e => e is PublishEvent
        || e is ServerEvent { Action: ServerAction.Down or ServerAction.Drain or ServerAction.Recycle or ServerAction.Leave });

    /// <summary>The databases, the first of them every app's unless it names its own; none when no class queries.</summary>
    public IReadOnlyList<DatabaseSpec> Databases { get; init; } = [];

    /// <summary>The index in <see cref="Databases"/> of the database the app's queries go to (-1 when there is none).</summary>
    public int DatabaseOf(AppSpec app)
    {
        if (app.Database is null) return Databases.Count > 0 ? 0 : -1;
        for (int d = 0; d < Databases.Count; d++)
            if (Databases[d].Name == app.Database) return d;
        return -1;
    }

    /// <summary>Network delays per hop; the proxy's latency stands for the hop to a zone when none is given.</summary>
    public HopsSpec Hops { get; init; } = new();

    /// <summary>The users' timeout and retries, or null: users wait as long as it takes.</summary>
    public ClientSpec? Client { get; init; }

    /// <summary>
    /// Each app's requests per second, its own arrivals and the calls it receives (server-side or
    /// from the browser), followed along the call graph, which has no cycle.
    /// </summary>
    public IReadOnlyDictionary<string, double> EffectiveArrivalRates()
    {
        var rates = Apps.GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().PeakUserRate, StringComparer.Ordinal);
        foreach (var flow in CallFlows()) rates[flow.Callee] += flow.Rate;
        return rates;
    }

    /// <summary>
    /// Each app's work per second at speed 1: its arrival rate times its mean service time, or for
    /// an app with classes, each class's rate (its share of the users' requests plus the calls made
    /// to it) times its mean CPU demand.
    /// </summary>
    public IReadOnlyDictionary<string, double> OfferedWork()
    {
        var rates = ClassArrivalRates();
        var work = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var app in Apps)
            work.TryAdd(app.Name, app.Classes is null
                ? app.PeakUserRate * app.Service.Mean
                : app.Classes.Sum(c => rates.GetValueOrDefault((app.Name, c.Name)) * c.MeanCpu));
        return work;
    }

    /// <summary>Each request class's requests per second: its share of its app's users plus the calls made to it.</summary>
    public IReadOnlyDictionary<(string App, string Class), double> ClassArrivalRates()
    {
        var rates = new Dictionary<(string, string), double>();
        foreach (var app in Apps)
            for (int c = 0; c < (app.Classes?.Count ?? 0); c++)
                rates.TryAdd((app.Name, app.Classes![c].Name), app.PeakUserRate * app.ClassShare(c));
        foreach (var flow in CallFlows())
            if (rates.ContainsKey((flow.Callee, flow.CalleeClass))) rates[(flow.Callee, flow.CalleeClass)] += flow.Rate;
        return rates;
    }

    /// <summary>
    /// The calls per second along each call edge (count × probability per calling request, the
    /// shares of a user's request classes); browser calls come only from users' requests. Timeouts
    /// are not foreseen: they drop browser calls, and client retries add requests.
    /// </summary>
    public IReadOnlyList<CallFlow> CallFlows()
    {
        var flows = new Dictionary<(string, string, string, string, bool), double>();
        var byName = new Dictionary<string, AppSpec>(StringComparer.Ordinal);
        foreach (var app in Apps) byName.TryAdd(app.Name, app);
        int nodes = 2 * Apps.Sum(a => a.Classes?.Count ?? 1);
        void Spread(string app, string? requestClass, double rate, bool user, int depth)
        {
            // Calls have no cycle (validated), so no walk is longer than there are (class, user) nodes; the bound only guards an unvalidated farm.
            if (depth > nodes || !byName.TryGetValue(app, out var spec) || spec.Classes is null) return;
            for (int i = 0; i < spec.Classes.Count; i++)
            {
                var c = spec.Classes[i];
                if (requestClass is not null && c.Name != requestClass) continue;
                foreach (var (call, browser) in c.CallList.Select(x => (x, false)).Concat(user ? c.Browser.Select(x => (x, true)) : []))
                {
                    if (!byName.ContainsKey(call.App)) continue;
                    double calls = rate * (requestClass is null ? spec.ClassShare(i) : 1) * call.Count * call.Probability;
                    var key = (app, c.Name, call.App, call.Class, browser);
                    flows[key] = flows.GetValueOrDefault(key) + calls;
                    Spread(call.App, call.Class, calls, browser, depth + 1);
                }
            }
        }
        foreach (var app in byName.Values)
            if (app.HasUsers) Spread(app.Name, null, app.PeakUserRate, true, 0);
        return flows.Select(f => new CallFlow(f.Key.Item1, f.Key.Item2, f.Key.Item3, f.Key.Item4, f.Key.Item5, f.Value)).ToList();
    }

    /// <summary>The farm with every app's users' load scaled by <paramref name="factor"/> (what a sweep's <c>load</c> and the planner's headroom vary).</summary>
    public FarmSpec WithLoad(double factor) => this with { Apps = Apps.Select(a => a.WithLoad(factor)).ToList() };

    /// <summary>The names of a zone's servers, with the Global rule applied.</summary>
    public IReadOnlyList<string> MembersOf(ZoneSpec zone) =>
        zone.HoldsAllServers ? Servers.Select(s => s.Name).ToList() : zone.Servers;

    /// <summary>The zone's members at the start, then the servers that join it later in the run, each once.</summary>
    public IReadOnlyList<string> EverMembersOf(ZoneSpec zone)
    {
        var members = MembersOf(zone).ToList();
        foreach (var e in Events)
            if (e is ServerEvent { Action: ServerAction.Join } join && join.Zone == zone.Name && !members.Contains(join.Server)) members.Add(join.Server);
        return members;
    }
}

/// <summary>
/// How long and how often: <see cref="Warmup"/> seconds whose observations are discarded, then
/// <see cref="Duration"/> seconds measured, in <see cref="Replications"/> independent runs.
/// <see cref="Window"/> is the length of a time-series window (null: about a hundredth of the run).
/// </summary>
public sealed record SimulationSettings(double Duration, double Warmup, int Replications, long Seed, double? Window = null)
{
    /// <summary>About 100 MB of requests a replication: far more than any stable farm holds, well within memory.</summary>
    public const int DefaultMaxInFlight = 2_000_000;

    /// <summary>
    /// The most requests a replication may hold in flight at once (queued, in service, on the wire):
    /// a farm offered more than it serves, with queues without limit, grows until memory runs out;
    /// past this bound its replication stops and says the farm is unstable.
    /// </summary>
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    public double End => Warmup + Duration;

    public double WindowOrDefault => Window ?? Metrics.TimeSeries.NiceWindow(End);
}
