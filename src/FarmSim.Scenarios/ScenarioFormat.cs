using FarmSim.Farm.Balancing;
using FarmSim.Farm.Topology;

namespace FarmSim.Scenarios;

/// <summary>
/// The scenario format, described once: every mapping's keys with their types, defaults and
/// meanings. The loader takes its known keys (and so its "did you mean" hints) from here, and
/// <see cref="ScenarioSchema"/> turns it into the JSON Schema that editors use.
/// </summary>
public static partial class ScenarioFormat
{
    private static readonly FieldType Text = new TextType();
    private static readonly FieldType Duration = new DurationType();
    private static readonly FieldType Rate = new RateType();

    public static readonly IReadOnlyList<string> DistributionNames = ["exponential", "constant", "lognormal", "gamma", "erlang", "uniform", "weibull", "empirical"];

    public static readonly Section Simulation = new("simulation", "How long and how often to simulate.",
    [
        new("duration", Duration, "The measured period, after the warm-up.", Required: true),
        new("warmup", Duration, "A period at the start whose observations are discarded, so the farm is measured in its steady state.", Default: "0s"),
        new("replications", new IntegerType(1), "Independent runs; the summary gives their mean and a 95% confidence interval.", Default: ScenarioLoader.DefaultReplications.ToString()),
        new("window", Duration, "The length of a time-series window for the charts over time.", Default: "about 1/100 of warm-up plus duration, rounded to 1, 2 or 5 × 10^k s"),
        new("seed", new IntegerType(int.MinValue),  "The seed every random stream derives from, with the replication number and the stream's name.", Default: ScenarioLoader.DefaultSeed.ToString()),
        new("max_in_flight", new IntegerType(1000), "The most requests a replication may hold at once; past it the replication stops and the farm is said to be unstable (it is offered more than it serves, with a queue without limit), instead of running out of memory.", Default: SimulationSettings.DefaultMaxInFlight.ToString()),
    ]);

    public static readonly Section Proxy = new("proxy", "The main load balancer and reverse proxy on the environment address.",
    [
        new("latency", Duration, "The one-way delay of the proxy's hop to a zone's load balancer.", Default: "0s"),
        new("timeout", Duration, "After this long the proxy answers the user 502 and the request counts as a timeout; the work on the server goes on (ARR's default is 30s)."),
    ]);

    public static readonly Section Service = new("service", "A service-time distribution, on a server of speed 1.",
    [
        new("distribution", new ChoiceType(DistributionNames), "exponential (mean), constant (value), lognormal (mean, cv), gamma (mean, cv), erlang (mean, k), uniform (min, max), weibull (mean, shape), empirical (quantiles).", Required: true),
        new("mean", Duration, "The mean service time."),
        new("value", Duration, "The service time of a constant distribution."),
        new("cv", new NumberType(0), "The coefficient of variation: standard deviation / mean."),
        new("k", new IntegerType(1), "The number of phases of an Erlang distribution."),
        new("min", Duration, "The least service time of a uniform distribution."),
        new("max", Duration, "The greatest service time of a uniform distribution."),
        new("shape", new NumberType(0), "The shape of a Weibull distribution (1 is exponential; below 1, a longer tail)."),
        new("quantiles", new ListType(new PairType(new NumberType(0, MinimumIncluded: true), Duration)),
            "An empirical distribution's [share, time] points, from [0%, least] to [100%, greatest]: times are spread evenly between neighbouring points."),
    ]);

    public static readonly Section Failures = new("failures", "Random failures: how long a server runs between failures, and how long a repair takes.",
    [
        new("between", new EitherType([Duration, new MappingType(Service)]), "The time from the server's start or return to its next crash: a duration (constant) or a distribution.", Required: true),
        new("repair", new EitherType([Duration, new MappingType(Service)]), "The time a repair takes: a duration (constant) or a distribution.", Required: true),
    ]);

    private static Field[] ServerSettings(bool required) =>
    [
        new("workers", new IntegerType(1), "Requests in service at once on the server (IIS worker threads).", Required: required),
        new("queue_limit", new EitherType([new IntegerType(0), new ChoiceType(["unlimited"])]),
            "Requests that may wait for a worker; one more is rejected with a 503, as HTTP.sys does. 'unlimited' for no limit.",
            Default: FrontEndSpec.IisQueueLength.ToString()),
        new("speed", new NumberType(0), "Relative speed: service times divide by it (1.5 serves 50% faster).", Default: "1"),
        new("weight", new NumberType(0), "Weight for weighted balancing (round-robin, random).", Default: "1"),
        new("cores", new IntegerType(1), "CPU cores that requests' CPU demands share (processor sharing). Without it, CPU demands are not contended."),
        new("failures", new MappingType(Failures), "Random failures, each drawn from the server's own stream (every alternative sees the same ones): between and repair."),
    ];

    public static readonly Section ServerDefaults = new("server_defaults", "Settings every server takes unless it gives its own.", ServerSettings(required: false));

    public static readonly Section Server = new("server", "A front-end server.",
    [
        new("name", Text, "The server's name; with count, the prefix of the names.", Required: true),
        new("count", new IntegerType(1), "Expands the entry into this many identical servers named name1 … nameN."),
        .. ServerSettings(required: true),
    ]);

    public static readonly Section Balancer = new("balancer", "A balancing algorithm written as a mapping.",
    [
        new("algorithm", new ChoiceType(BalancerCatalog.Names), "The balancing algorithm.", Required: true),
        new("draws", new IntegerType(1, 1000), "random-draws: servers drawn (weighted, with replacement) before the least loaded is taken (HAProxy's random(<draws>)).", Default: "2"),
        new("choice_count", new IntegerType(2, 1000), "least-request: hosts drawn (with replacement) when weights are equal (Envoy's choice_count).", Default: "2"),
        new("active_request_bias", new NumberType(0, MinimumIncluded: true), "least-request: with unequal weights, each weighs weight / (active + 1)^bias (Envoy's active_request_bias).", Default: "1"),
        new("limit", new IntegerType(1), "first: how many requests a server holds before the next one is used (HAProxy's maxconn).", Default: "each server's workers"),
        new("window", Duration, "least-response-time: the time constant of the decayed average of response times (ARR leaves it unsaid).", Default: "10s"),
        new("decay", Duration, "peak-ewma: the decay time of the response-time estimate (Finagle's decayTime).", Default: "10s"),
        new("balance_factor", new NumberType(1, MinimumIncluded: true), "ring-hash, maglev: bounded load: a server takes the key only while its outstanding requests stay under this factor × (all outstanding + 1) × its share of the weight, else the next in hash order does (HAProxy's hash-balance-factor, 125% for 125).", Default: "none (unbounded)"),
        new("key", new ChoiceType(["source", "uri"]), "hash, ring-hash, maglev: what is hashed: source, the client's address (one per visitor of each app; a server-side call's is its calling front-end's), or uri, the URL without its query string (the app and class).", Default: "source"),
        new("points", new IntegerType(1, 10000), "ring-hash: points on the ring per unit of weight (NGINX's ketama: 160).", Default: "160"),
        new("default_rtt", Duration, "peak-ewma: the estimate of a server not yet heard from (Linkerd's default).", Default: "30ms"),
    ]);

    private static readonly FieldType BalancerValue = new EitherType([new ChoiceType(BalancerCatalog.Names), new MappingType(Balancer)]);

    private static readonly Field Retries = new("retries", new IntegerType(0, ZoneSpec.MaxRetries), "How many other servers the balancer tries when a server rejects a request (queue full).", Default: "0");

    public static readonly Section HealthCheck = new("health_check", "How the zone's balancer probes its servers (HAProxy's inter, fall and rise).",
    [
        new("interval", Duration, "Time between two probes of a server.", Default: "2s"),
        new("fall", new IntegerType(1), "Failed probes in a row that take a server out of the balancer's rotation.", Default: "3"),
        new("rise", new IntegerType(1), "Good probes in a row that bring it back.", Default: "2"),
        new("timeout", Duration, "How long a probe may wait for its answer: it fails when the requests queued ahead of it, at the rate the server completed them since the last probe, would keep it longer (HAProxy's timeout check).", Default: "the interval"),
    ]);

    private static readonly Field HealthCheckField = new("health_check", new EitherType([new ChoiceType(["haproxy", "arr", "none"]), new MappingType(HealthCheck)]),
        "How the zone's balancer finds out that a server is down or back: haproxy (every 2s, out after 3 failures, back after 2 successes), arr (ARR's URL test: every 30s, 1 and 1), none (it never does), or a mapping.",
        Default: "haproxy");

    public static readonly Section SlowStart = new("slow_start", "Envoy's slow start: weight × max(min_weight, (max(t, 1s) / window)^(1 / aggression)).",
    [
        new("window", Duration, "Over how long a returning server ramps to its own weight.", Required: true),
        new("aggression", new NumberType(0), "1 is linear; more ramps faster at first.", Default: "1"),
        new("min_weight", new NumberType(0, MinimumIncluded: true), "The least share of its weight a ramping server has.", Default: "10%"),
    ]);

    private static readonly Field SlowStartField = new("slow_start", new EitherType([Duration, new MappingType(SlowStart)]),
        "How a server its health checks bring back ramps up its weight, recomputed at each probe: a duration for HAProxy's slowstart and NGINX's slow_start (linearly from no weight), or a mapping for Envoy's (window, aggression, min_weight). Round-robin and random follow it; least-connections and power-of-two-choices do not use weights.",
        Default: "none");

    private static readonly Field PanicField = new("panic_threshold", new NumberType(0, MinimumIncluded: true),
        "Envoy's panic threshold (50% there): below this share of its servers in, the balancer no longer trusts its checks and sends to all of them.", Default: "0% (never)");

    public static readonly Section LiveTraffic = new("live_traffic", "IIS ARR's live-traffic test: failed requests to a server within the failover interval mark it unhealthy; only the URL test (health_check) marks it healthy again.",
    [
        new("max_failures", new IntegerType(1), "Failed requests (refused, or lost in a crash) within the interval that mark a server unhealthy.", Required: true),
        new("interval", Duration, "ARR's failover interval.", Required: true),
    ]);

    public static readonly Section OutlierDetection = new("outlier_detection", "Envoy's outlier detection by consecutive 5xx.",
    [
        new("consecutive_5xx", new IntegerType(1), "Failed requests in a row (refused, or lost in a crash) that eject a server.", Default: "5"),
        new("interval", Duration, "Time between sweeps, which return ejected servers whose time is up.", Default: "10s"),
        new("base_ejection_time", Duration, "How long a first ejection lasts; each further one in a row lasts that much longer.", Default: "30s"),
        new("max_ejection_time", Duration, "The longest an ejection lasts.", Default: "300s"),
        new("max_ejection_percent", new NumberType(0, MinimumIncluded: true), "The largest share of servers ejected at once (one may always be).", Default: "10%"),
    ]);

    private static readonly Field LiveTrafficField = new("live_traffic", new MappingType(LiveTraffic),
        "ARR's live-traffic test (passive): failures within an interval mark a server unhealthy; the zone's health_check brings it back. Not with outlier_detection.");

    private static readonly Field OutlierField = new("outlier_detection", new EitherType([new ChoiceType(["envoy"]), new MappingType(OutlierDetection)]),
        "Envoy's outlier detection (passive): envoy for its defaults (5 in a row, sweeps every 10s, 30s growing to 300s, at most 10% ejected), or a mapping. Not with live_traffic.");

    public static readonly Section Affinity = new("affinity", "Sticky sessions: what the balancer follows, and for how long an unused entry lasts.",
    [
        new("by", new ChoiceType(["cookie", "source"]), "cookie: a user's or session's requests (ARR's ARRAffinity, NGINX's sticky cookie, ALB's lb_cookie); source: those and server-side calls, by the client's address (HAProxy's stick on src).", Required: true),
        new("ttl", Duration, "How long an entry lasts unused before the visitor is balanced again (ALB's stickiness duration, HAProxy's stick-table expire).", Default: "until the visit ends"),
    ]);

    private static readonly Field AffinityField = new("affinity", new EitherType([new ChoiceType(["cookie", "source", "none"]), new MappingType(Affinity)]),
        "Sticky sessions: a visitor's first request is balanced by the algorithm, the rest go to the same server while the balancer sends to it (one out is balanced again). cookie, source, none, or a mapping with a ttl. Open streams' requests, each from a visitor of its own, are never pinned. OutSystems advises against it.",
        Default: "none");

    public static readonly Section ZoneDefaults = new("zone_defaults", "Settings every zone takes unless it gives its own.",
    [
        new("balancer", BalancerValue, "The zone load balancer's algorithm.", Default: BalancerCatalog.RoundRobin),
        Retries,
        HealthCheckField,
        SlowStartField,
        PanicField,
        LiveTrafficField,
        OutlierField,
        AffinityField,
    ]);

    public static readonly Section Zone = new("zone", "A deployment zone: the servers its apps run on, behind the zone's load balancer.",
    [
        new("name", Text, "The zone's name. 'Global' exists without being written and holds every server.", Required: true),
        new("address", Text, "The deployment zone address: the host name of the zone's load balancer."),
        new("servers", new EitherType([new ListType(Text), new ChoiceType(["all"])]), "The member servers' names, or 'all'. Required except on Global."),
        new("balancer", BalancerValue, "The zone load balancer's algorithm.", Default: BalancerCatalog.RoundRobin),
        Retries,
        HealthCheckField,
        SlowStartField,
        PanicField,
        LiveTrafficField,
        OutlierField,
        AffinityField,
    ]);

    public static readonly Section ColdStart = new("cold_start", "How much slower a restarted application pool serves at first (JIT, caches), fading linearly to normal.",
    [
        new("factor", new NumberType(1, MinimumIncluded: true), "How many times slower its service is right after the restart.", Default: "2"),
        new("fade", Duration, "Over how long the slowdown fades out.", Default: "60s"),
    ]);

    public static readonly Section Event = new("event", "Something that happens at a time: to a server, or to a zone's apps (a publish).",
    [
        new("at", Duration, "When, from the start of the run (warm-up included).", Required: true),
        new("action", new ChoiceType(["down", "up", "drain", "recycle", "weight", "join", "leave", "publish", "move"]),
            "down: the server crashes (the requests it holds are lost, their users get an error); drain: its balancers take it out at once, what it holds finishes within delay, then it stops; up: it comes back, empty; recycle: its application pools restart (overlapped, as IIS does: no time down unless restart says, then a cold start); weight: its weight becomes weight; join, leave: it joins or leaves zone; publish: zone's apps are published, restarting their pool on every server of the zone, all at once or at_a_time servers at a time; move: app moves to zone (its requests sent from then on go there).",
            Required: true),
        new("server", Text, "The server it happens to (every action but publish and move)."),
        new("app", Text, "For move: the app that moves."),
        new("zone", Text, "For join and leave: the zone; for publish: the zone whose apps are published; for move: the zone the app moves to."),
        new("delay", Duration, "For drain: how long what it holds may take to finish before it stops (AWS ALB's deregistration delay).", Default: "300s"),
        new("weight", new NumberType(0), "For weight: the server's new weight in every zone (round-robin and random follow it)."),
        new("at_a_time", new EitherType([new IntegerType(1), new ChoiceType(["all"])]), "For publish: how many servers restart at a time (a rolling publish), or all at once.", Default: "all"),
        new("drain", Duration, "For a rolling publish: how long each server is drained from the zone's balancer before its restart, at most (less when nothing is left in flight).", Default: "30s"),
        new("restart", Duration, "For publish and recycle: how long the application pool serves nothing (HTTP.sys answers 503, the zone's probes fail).", Default: "20s for publish, 0s for recycle"),
        new("cold_start", new MappingType(ColdStart), "For publish and recycle: how much slower the restarted pool serves at first."),
    ]);

    private static readonly FieldType Share = new NumberType(0, MinimumIncluded: true);

    public static readonly Section Profile = new("profile", "How a rate (or a number of users) changes over the run: points in time, or a CSV of time,rate rows.",
    [
        new("shape", new ChoiceType(["linear", "steps"]), "linear: straight from one point to the next; steps: each point's value holds until the next.", Default: "linear"),
        new("repeat", Duration, "The period after which the profile starts again (24h for a daily curve); the points' times lie within it."),
        new("points", new ListType(new PairType(Duration, new EitherType([Share, Rate]))),
            "[time, value] pairs in increasing time: the value a factor on the rate (80%) or, without a rate, a rate itself (240/s)."),
        new("file", Text, "A CSV file (relative to the scenario) with a header time,rate and a row per point, instead of points."),
    ]);

    public static readonly Section Burst = new("burst", "A spike: for a while the rate is multiplied by a factor.",
    [
        new("at", Duration, "When it starts, from the start of the run (warm-up included).", Required: true),
        new("for", Duration, "How long it lasts.", Required: true),
        new("factor", Share, "What the rate is multiplied by while it lasts.", Required: true),
    ]);

    public static readonly Section RandomBursts = new("random_bursts", "Random bursts, a two-state Markov-modulated Poisson process (MMPP-2).",
    [
        new("factor", Share, "The rate while bursting as a multiple of the calm rate (or give rate)."),
        new("rate", Rate, "The rate while bursting (or give factor)."),
        new("calm", Duration, "The mean length of a calm spell (exponential).", Required: true),
        new("burst", Duration, "The mean length of a burst (exponential).", Required: true),
    ]);

    private static readonly Field ProfileField = new("profile", new MappingType(Profile), "How the rate changes over the run.");
    private static readonly Field BurstsField = new("bursts", new ListType(new MappingType(Burst)), "Spikes on top of the profile, each at a time, for a while, by a factor.");
    private static readonly Field RandomBurstsField = new("random_bursts", new MappingType(RandomBursts), "Random bursts on top of the profile (MMPP-2).");

    public static readonly Section Arrival = new("arrival", "How user requests arrive: a Poisson stream, at a steady rate or following a profile, with bursts.",
    [
        new("rate", Rate, "Requests per unit of time (the rate a profile's factors multiply); required unless the profile gives rates or a replay."),
        ProfileField,
        BurstsField,
        RandomBurstsField,
        new("replay", new EitherType([Text, new ListType(Text)]), "Logs (IIS W3C, HTTPERR, HAProxy or NGINX files, .gz files or folders, relative to this file) whose requests under the app's path arrive again, instead of a rate: the logs' first minute is the run's start."),
        new("demands", new ChoiceType(["model", "logged"]), "With replay: 'logged' makes each request's logged time taken its demand (the service time where the log has none); 'model' draws it from service.", Default: "model"),
        new("scale", new NumberType(0, MinimumIncluded: true), "With replay: a factor on the replayed load; below 1 each request is kept with that probability, above 1 copies arrive within 30 s of their original.", Default: "1"),
        new("nginx_format", Text, "With replay of NGINX access logs: the log_format they were written with."),
        new("utc_offset", Text, "With replay: how far local time is ahead of UTC (such as +01:00), for IIS Advanced Logging's date-local/time-local and HAProxy's dates.", Default: "+00:00"),
        new("exclude", new EitherType([Text, new ListType(Text)]), "With replay: path patterns (* and ?, without regard to case) whose requests are not replayed, such as '*.css' or '/health*'."),
    ]);

    private static readonly FieldType Delay = new EitherType([Duration, new MappingType(Service)]);

    public static readonly Section Hops = new("hops", "One-way network delays, each a duration (constant) or a distribution.",
    [
        new("user_to_proxy", Delay, "From the user to the main proxy; it counts in the response time."),
        new("to_zone", Delay, "To a zone's balancer: from the main proxy, or from a server calling the zone address (instead of proxy.latency)."),
        new("zone_to_server", Delay, "From a zone's balancer to the server it chose."),
        new("server_to_database", Delay, "From a front-end to the database, for each query."),
        new("user_bandwidth", new BandwidthType(), "The user's link: a response of a class with a response size takes size / bandwidth to reach the user."),
    ]);

    public static readonly Section Client = new("client", "The users' own time limit and retries.",
    [
        new("timeout", Duration, "A user request not answered in this time (from the user's send) is given up; its work on the server goes on."),
        new("retries", new IntegerType(0, ClientSpec.MaxRetries), "How many times the user sends a request again after a timeout (its own or the proxy's 502).", Default: "0"),
        new("backoff", Duration, "The wait before the first retry; each further retry waits twice as long as the one before.", Default: "0s"),
    ]);

    public static readonly Section Environment = new("environment", "The environment: its address and main proxy.",
    [
        new("address", Text, "The environment address (host name) users reach the main proxy on.", Default: ScenarioLoader.DefaultAddress),
        new("proxy", new MappingType(Proxy), "The main load balancer and reverse proxy."),
        new("hops", new MappingType(Hops), "Network delays per hop, so that a call through a zone address pays its network cost."),
        new("client", new MappingType(Client), "The users' timeout, with retries and back-off."),
    ]);

    public static readonly Section Users = new("users", "A closed population: each user sends a request, waits for it, thinks, and sends the next.",
    [
        new("count", new IntegerType(1, ClosedUsersSpec.MaxCount), "How many users (the most, with a profile).", Required: true),
        new("think", Delay, "The think time between an answer and the next request: a duration (constant) or a distribution.", Required: true),
        new("profile", new MappingType(Profile), "How many are logged in over the run, as factors on count (a ramp-up)."),
    ]);

    public static readonly Section Pages = new("pages", "A geometric number of pages per visit.",
    [
        new("mean", new NumberType(0), "The mean number of pages; each page is the visit's last with probability 1/mean.", Required: true),
    ]);

    public static readonly Section Sessions = new("sessions", "Sessions (partly open): visits arrive as a Poisson stream, each a sequence of pages with think times between them.",
    [
        new("rate", Rate, "Visits per unit of time (the rate a profile's factors multiply); required unless the profile gives rates."),
        new("think", Delay, "The think time between a page's answer and the next page.", Required: true),
        new("pages", new EitherType([new IntegerType(1, 1_000_000), new MappingType(Pages)]), "Pages per visit: a number, or { mean: m } for a geometric number.", Default: "1"),
        new("navigation", new MapType(new EitherType([Text, new MapType(Share)])),
            "Where a visit goes: start: the first page's class (or classes with shares), then per class the next classes with shares, leave for leaving."),
        ProfileField,
        BurstsField,
        RandomBurstsField,
    ]);

    private static Field[] AppSettings(bool required) =>
    [
        new("zone", Text, "The deployment zone the app is published to.", Default: ZoneSpec.Global),
        new("arrival", new MappingType(Arrival), "How user requests for the app arrive as an open stream (or give users or sessions; none for an app that only other apps call).", Required: required),
        new("users", new MappingType(Users), "A closed population of users sending the app's requests, instead of arrival."),
        new("sessions", new MappingType(Sessions), "Sessions sending the app's requests, instead of arrival."),
        new("service", new MappingType(Service), "The app's CPU-free service-time distribution (or give classes)."),
        new("database", Text, "The name of the database the app's queries go to.", Default: "the first database"),
    ];

    public static readonly Section Queries = new("db", "The database queries a request of the class makes, one after another, after its CPU demand.",
    [
        new("queries", new IntegerType(0, 10000), "How many queries.", Required: true),
        new("time", new EitherType([Duration, new MappingType(Service)]), "Each query's time on a database worker: a duration (constant) or a distribution.", Required: true),
    ]);

    public static readonly Section Call = new("call", "A server-side call (REST, SOAP) to another app's class, through that app's zone address.",
    [
        new("app", Text, "The producer app.", Required: true),
        new("class", Text, "The producer app's class.", Required: true),
        new("count", new IntegerType(1, 10000), "How many times a request makes the call, one after another.", Default: "1"),
        new("probability", new NumberType(0), "The chance that each of them is made.", Default: "100%"),
    ]);

    public static readonly Section RequestClass = new("class", "One kind of request of an app (a screen, a REST method) and its demands.",
    [
        new("name", Text, "The class's name.", Required: true),
        new("share", Share, "Its share of the app's requests (the shares add up to 100%); required unless sessions follow a navigation."),
        new("cpu", new EitherType([Duration, new MappingType(Service)]), "Its CPU demand on a front-end at speed 1: a duration (constant) or a distribution."),
        new("db", new MappingType(Queries), "Its database queries."),
        new("calls", new ListType(new MappingType(Call)), "Its server-side calls, made after its queries while it keeps its worker."),
        new("response", new SizeType(), "The size of its response to a user, sent over hops.user_bandwidth after the server is done."),
        new("browser", new ListType(new MappingType(Call)), "Client-side calls: requests the browser makes through the main proxy once this one is answered."),
    ]);

    public static readonly Section Database = new("database", "The database the front-ends share.",
    [
        new("name", Text, "The database's name in the results.", Default: "main"),
        new("connections", new IntegerType(1), "The connection pool's size: a query waits for a free connection.", Required: true),
        new("pool", new ChoiceType([DatabaseSpec.Total, DatabaseSpec.PerServer]), "One pool of connections for the farm, or one on each front-end.", Default: DatabaseSpec.Total),
        new("workers", new IntegerType(1), "Queries served at once; the rest wait, holding their connection.", Required: true),
        new("cores", new IntegerType(1), "CPU cores the queries being served share (processor sharing); without it, each query's time is a delay."),
    ]);

    public static readonly Section AppDefaults = new("app_defaults", "Settings every app takes unless it gives its own.", AppSettings(required: false));

    public static readonly Section App = new("app", "An application, published to one zone, reached on its path through the main proxy.",
    [
        new("name", Text, "The app's name.", Required: true),
        new("path", Text, "The path the main proxy routes to the app's zone.", Default: "/<name>"),
        .. AppSettings(required: true),
        new("classes", new ListType(new MappingType(RequestClass)), "The app's request classes, instead of service."),
    ]);

    public static readonly Section Sweep = new("sweep", "One varied parameter of a sweep (farmsim sweep).",
    [
        new("vary", Text, "A scenario path as --set takes it (zones.Intranet.balancer), or 'load' to scale every app's arrival rate.", Required: true),
        new("values", new EitherType([new ListType(new ScalarType()), Text]), "A list of values, or a range start..end:step in one unit (100/s..600/s:50/s, 0.5..1.1:0.05).", Required: true),
    ]);

    public static readonly Section Root = new("scenario", "A FarmSim scenario: a farm and how to simulate it.",
    [
        new("name", Text, "The scenario's name; it names the results folder.", Required: true),
        new("description", Text, "A line on what the scenario is about."),
        new("simulation", new MappingType(Simulation), "How long and how often to simulate.", Required: true),
        new("environment", new MappingType(Environment), "The environment address and main proxy."),
        new("server_defaults", new MappingType(ServerDefaults), "Settings every server takes unless it gives its own."),
        new("servers", new ListType(new MappingType(Server)), "The front-end servers.", Required: true),
        new("zone_defaults", new MappingType(ZoneDefaults), "Settings every zone takes unless it gives its own."),
        new("zones", new ListType(new MappingType(Zone)), "The deployment zones. Global exists without being written."),
        new("app_defaults", new MappingType(AppDefaults), "Settings every app takes unless it gives its own."),
        new("apps", new ListType(new MappingType(App)), "The applications.", Required: true),
        new("database", new EitherType([new MappingType(Database), new ListType(new MappingType(Database))]),
            "The shared database for request classes that query it, or a list of databases (each app uses the first unless it names its own)."),
        new("events", new ListType(new MappingType(Event)), "What happens to which server when: crashes and returns."),
        new("sweep", new ListType(new MappingType(Sweep)), "What farmsim sweep varies, when no --vary is given; ignored by farmsim run."),
        new("slo", new ListType(Text), "Service-level objectives, such as 'AppX.p95 <= 300ms' or 'server.utilization <= 75%': farmsim plan sizes the farm to meet them; farmsim run judges them in its report."),
    ]);
}
