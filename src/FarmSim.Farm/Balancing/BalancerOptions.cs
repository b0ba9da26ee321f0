namespace FarmSim.Farm.Balancing;

/// <summary>
/// The parameters a zone gives its algorithm, each named as its product names it; null where not
/// given (the algorithm's default). Which algorithm takes which is in <see cref="BalancerCatalog"/>.
/// </summary>
public sealed record BalancerOptions
{
    /// <summary>HAProxy's <c>random(&lt;draws&gt;)</c>: servers drawn (with replacement) before the least loaded is taken.</summary>
    public int? Draws { get; init; }

    /// <summary>Envoy's least request <c>choice_count</c>: hosts drawn (with replacement) when weights are equal.</summary>
    public int? ChoiceCount { get; init; }

    /// <summary>Envoy's least request <c>active_request_bias</c>: with unequal weights, weight / (active + 1)^bias.</summary>
    public double? ActiveRequestBias { get; init; }

    /// <summary>HAProxy's <c>first</c>: how many requests a server takes before the next one is used (its <c>maxconn</c>); null: its workers.</summary>
    public int? Limit { get; init; }

    /// <summary>ARR's least response time: the time constant, in seconds, of its decayed average (ARR leaves the window unsaid).</summary>
    public double? Window { get; init; }

    /// <summary>Peak EWMA's decay time, in seconds (Finagle's decayTime, tower's decay).</summary>
    public double? Decay { get; init; }

    /// <summary>Peak EWMA's estimate for a server not yet heard from, in seconds (Linkerd's 30 ms).</summary>
    public double? DefaultRtt { get; init; }

    /// <summary>What a hashing balancer hashes (source by default).</summary>
    public HashKey? HashKey { get; init; }

    /// <summary>A ring's points per unit of weight (NGINX's ketama: 160).</summary>
    public int? Points { get; init; }

    /// <summary>Bounded load for ring-hash and maglev (HAProxy's hash-balance-factor, Envoy's hash_balance_factor): a member's load stays under this factor × the average.</summary>
    public double? BalanceFactor { get; init; }

    public static readonly BalancerOptions None = new();
}
