namespace FarmSim.Farm.Balancing;

/// <summary>
/// One algorithm a zone can name: the product behaviour it reproduces, whether it follows weights,
/// the parameters it takes (by their keys in a scenario), and whether it balances by load (so that
/// it sends to an idle server while another is busy).
/// </summary>
public sealed record BalancerKind(string Name, string Behaviour, bool UsesWeights, IReadOnlyList<string> Parameters, bool ByLoad);

/// <summary>The balancing algorithms a zone can name, and how each is built.</summary>
public static class BalancerCatalog
{
    public const string RoundRobin = "round-robin";
    public const string Random = "random";
    public const string LeastConnections = "least-connections";
    public const string PowerOfTwoChoices = "power-of-two-choices";
    public const string WeightedLeastConnections = "weighted-least-connections";
    public const string RandomDraws = "random-draws";
    public const string LeastRequest = "least-request";
    public const string First = "first";
    public const string LeastResponseTime = "least-response-time";
    public const string PeakEwma = "peak-ewma";
    public const string Hash = "hash";
    public const string RingHashName = "ring-hash";
    public const string MaglevName = "maglev";
    public const string HAProxyLeastConn = "haproxy-leastconn";
    public const string WeightedTotalTrafficName = "weighted-total-traffic";
    public const string NginxRandomTwoName = "nginx-random-two";

    public static IReadOnlyList<BalancerKind> Kinds { get; } =
    [
        new(RoundRobin, "NGINX's smooth weighted round robin (HAProxy's roundrobin, ARR's weighted round robin)", UsesWeights: true, [], ByLoad: false),
        new(Random, "a weighted random draw per request (NGINX random, Envoy RANDOM)", UsesWeights: true, [], ByLoad: false),
        new(LeastConnections, "the fewest outstanding requests, ties at random (ARR's least current request, ALB's least outstanding requests)", UsesWeights: false, [], ByLoad: true),
        new(PowerOfTwoChoices, "two distinct servers drawn uniformly, the less loaded wins", UsesWeights: false, [], ByLoad: true),
        new(WeightedLeastConnections, "NGINX's weighted least_conn: the fewest outstanding requests per unit of weight, ties round robin", UsesWeights: true, [], ByLoad: true),
        new(HAProxyLeastConn, "HAProxy leastconn: an idle server first, else the lowest (outstanding + 1) / weight, ties round robin", UsesWeights: true, [], ByLoad: true),
        new(WeightedTotalTrafficName, "IIS ARR's weighted total traffic: the fewest bytes answered so far per unit of weight", UsesWeights: true, [], ByLoad: false),
        new(NginxRandomTwoName, "NGINX random two least_conn: two distinct weighted draws, the fewer outstanding per unit of weight wins", UsesWeights: true, [], ByLoad: true),
        new(RandomDraws, "HAProxy random(<draws>): weighted draws with replacement, the least loaded wins", UsesWeights: true, ["draws"], ByLoad: true),
        new(LeastRequest, "Envoy LEAST_REQUEST: choice_count draws with equal weights, weight/(active+1)^bias earliest-deadline-first otherwise", UsesWeights: true, ["choice_count", "active_request_bias"], ByLoad: true),
        new(First, "HAProxy first: the first server below its limit (maxconn) takes the request", UsesWeights: false, ["limit"], ByLoad: true),
        new(LeastResponseTime, "IIS ARR least response time: the lowest recent average response time, as the balancer measures it", UsesWeights: false, ["window"], ByLoad: true),
        new(PeakEwma, "Finagle's and Linkerd's peak EWMA: two distinct draws, the lower decayed response-time estimate × (outstanding + 1) wins", UsesWeights: false, ["decay", "default_rtt"], ByLoad: true),
        new(Hash, "HAProxy's map-based hash: the key's hash modulo the total weight (source: the client's address; uri: the URL)", UsesWeights: true, ["key"], ByLoad: false),
        new(RingHashName, "consistent hashing on a ring, NGINX's hash … consistent (ketama: points per unit of weight), bounded by HAProxy's hash-balance-factor if given", UsesWeights: true, ["key", "points", "balance_factor"], ByLoad: false),
        new(MaglevName, "Envoy MAGLEV: Maglev's lookup table of 65537 slots, bounded by Envoy's hash_balance_factor if given", UsesWeights: true, ["key", "balance_factor"], ByLoad: false),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Kinds.Select(k => k.Name)];

    public static bool IsKnown(string algorithm) => Names.Contains(algorithm);

    public static BalancerKind? Kind(string algorithm) => Kinds.FirstOrDefault(k => k.Name == algorithm);

    /// <summary>Every parameter any algorithm takes.</summary>
    public static IReadOnlyList<string> AllParameters { get; } = [.. Kinds.SelectMany(k => k.Parameters).Distinct()];

    /// <summary>
    /// Builds a balancer over members with these weights and (for <c>first</c>) these default limits,
    /// their workers; <paramref name="stream"/> is its own random stream.
    /// </summary>
    public static Balancer Create(string algorithm, IReadOnlyList<double> weights, System.Random stream, BalancerOptions? options = null, IReadOnlyList<int>? workers = null,
        IReadOnlyList<string>? names = null)
    {
        options ??= BalancerOptions.None;
        return algorithm switch
        {
            RoundRobin => new SmoothWeightedRoundRobin(weights),
            Random => new WeightedRandom(weights, stream),
            LeastConnections => new LeastConnectionsRandomTies(weights.Count, stream),
            PowerOfTwoChoices => new Balancing.PowerOfTwoChoices(weights.Count, stream),
            WeightedLeastConnections => new Balancing.WeightedLeastConnections(weights),
            HAProxyLeastConn => new Balancing.WeightedLeastConnections(weights, plusOne: true),
            WeightedTotalTrafficName => new WeightedTotalTraffic(weights),
            NginxRandomTwoName => new NginxRandomTwo(weights, stream),
            RandomDraws => new Balancing.RandomDraws(weights, stream, options.Draws ?? 2),
            LeastRequest => new EnvoyLeastRequest(weights, stream, options.ChoiceCount ?? 2, options.ActiveRequestBias ?? 1),
            LeastResponseTime => new Balancing.LeastResponseTime(weights.Count, options.Window ?? 10),
            PeakEwma => new Balancing.PeakEwma(weights.Count, stream, options.Decay ?? 10, options.DefaultRtt ?? 0.030),
            Hash => new MapBasedHash(weights),
            RingHashName => new RingHash(weights, names ?? [.. weights.Select((_, i) => $"member{i}")], options.Points ?? 160, options.BalanceFactor),
            MaglevName => new Maglev(weights, names ?? [.. weights.Select((_, i) => $"member{i}")], Maglev.TableSize, options.BalanceFactor),
            First => new FirstAvailable(options.Limit is { } limit ? [.. weights.Select(_ => limit)] : workers ?? [.. weights.Select(_ => 1)]),
            _ => throw new ArgumentException($"Unknown balancing algorithm '{algorithm}'; expected one of {string.Join(", ", Names)}.", nameof(algorithm)),
        };
    }
}
