namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>weighted-total-traffic</c>: IIS ARR's weighted total traffic. The member with the fewest
/// bytes relayed so far, both ways, per unit of weight (slow start's weight included) wins, so that
/// each member's share of the traffic follows its weight; ties round robin, each search starting
/// after the last member chosen. A request counts <see cref="Balancer.RequestBytes"/> when it is sent (a
/// sticky visitor's and a retry's too)
/// (FarmSim's requests have no size of their own), its answer its class's response size when it
/// comes back: the answers' bytes lag the load, the requests' do not.
/// </summary>
public sealed class WeightedTotalTraffic : LeastPerWeight
{
    private readonly double[] _bytes;
    private readonly bool[] _wasEligible;

    public WeightedTotalTraffic(IReadOnlyList<double> weights) : base(weights)
    {
        _bytes = new double[weights.Count];
        _wasEligible = [.. weights.Select(_ => true)];
        CountsBytes = true;
    }

    public override void Transferred(int member, double bytes) => _bytes[member] += bytes;

    /// <summary>The bytes relayed to and from member <paramref name="member"/> so far.</summary>
    public double BytesOf(int member) => _bytes[member];

    protected override double Load(int member) => _bytes[member];

    /// <summary>
    /// A member back in the balancer's rotation (returned, joined, healthy again) starts level with
    /// the lightest member in per unit of weight, not with the bytes it had before it left, which
    /// would send it everything until it caught up.
    /// </summary>
    protected override void EligibilityChanged()
    {
        double lightest = double.PositiveInfinity;
        for (int m = 0; m < Members; m++)
            if (IsEligible(m) && _wasEligible[m] && WeightOf(m) > 0) lightest = Math.Min(lightest, _bytes[m] / WeightOf(m));
        for (int m = 0; m < Members; m++)
        {
            if (IsEligible(m) && !_wasEligible[m] && double.IsFinite(lightest)) _bytes[m] = Math.Max(_bytes[m], lightest * WeightOf(m));
            _wasEligible[m] = IsEligible(m);
        }
    }
}
