namespace FarmSim.Farm.Balancing;

/// <summary>The balancing algorithms a zone can name, and how each is built.</summary>
public static class BalancerCatalog
{
    public const string RoundRobin = "round-robin";
    public const string Random = "random";
    public const string LeastConnections = "least-connections";
    public const string PowerOfTwoChoices = "power-of-two-choices";

    public static IReadOnlyList<string> Names { get; } = [RoundRobin, Random, LeastConnections, PowerOfTwoChoices];

    public static bool IsKnown(string algorithm) => Names.Contains(algorithm);

    /// <summary>Builds a balancer over members with these weights; <paramref name="stream"/> is its own random stream.</summary>
    public static Balancer Create(string algorithm, IReadOnlyList<double> weights, System.Random stream) => algorithm switch
    {
        RoundRobin => new SmoothWeightedRoundRobin(weights),
        Random => new WeightedRandom(weights, stream),
        LeastConnections => new LeastConnectionsRandomTies(weights.Count, stream),
        PowerOfTwoChoices => new Balancing.PowerOfTwoChoices(weights.Count, stream),
        _ => throw new ArgumentException($"Unknown balancing algorithm '{algorithm}'; expected one of {string.Join(", ", Names)}.", nameof(algorithm)),
    };
}
