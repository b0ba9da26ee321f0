namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>random</c>: each request goes to a member drawn at random with probability proportional to its
/// weight, independently of everything else (NGINX <c>random</c>, Envoy <c>RANDOM</c>).
/// </summary>
public sealed class WeightedRandom(IReadOnlyList<double> weights, Random stream) : Balancer(weights.Count)
{
    private readonly WeightedDraw _draw = new(weights, stream);

    /// <summary>A member in slow start is drawn in proportion to its weight times the factor.</summary>
    public override void SetWeightFactor(int member, double factor) => _draw.SetFactor(member, factor);

    public override void SetWeight(int member, double weight) => _draw.SetWeight(member, weight);

    protected override int Choose() => _draw.Next();
}
