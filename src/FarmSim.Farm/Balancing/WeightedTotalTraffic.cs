namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>weighted-total-traffic</c>: IIS ARR's weighted total traffic. The member with the fewest
/// bytes relayed so far, both ways, per unit of weight (slow start's weight included) wins, so that
/// each member's share of the traffic follows its weight; ties round robin, each search starting
/// after the last member chosen. A request counts <see cref="RequestBytes"/> when it is sent
/// (FarmSim's requests have no size of their own), its answer its class's response size when it
/// comes back: the answers' bytes lag the load, the requests' do not.
/// </summary>
public sealed class WeightedTotalTraffic : Balancer
{
    /// <summary>What a request sent counts: about a browser request's headers.</summary>
    public const double RequestBytes = 1000;

    private readonly double[] _nominal, _factor, _bytes;
    private int _next;

    public WeightedTotalTraffic(IReadOnlyList<double> weights) : base(weights.Count)
    {
        _nominal = [.. weights];
        _factor = [.. weights.Select(_ => 1.0)];
        _bytes = new double[weights.Count];
        CountsBytes = true;
    }

    public override void SetWeightFactor(int member, double factor) => _factor[member] = factor;

    public override void SetWeight(int member, double weight) => _nominal[member] = weight;

    public override void Transferred(int member, double bytes) => _bytes[member] += bytes;

    /// <summary>The bytes relayed to and from member <paramref name="member"/> so far.</summary>
    public double BytesOf(int member) => _bytes[member];

    protected override int Choose() => Least(all: true);

    protected override int ChooseAmongEligible() => Least(all: false);

    private int Least(bool all)
    {
        int n = Members, best = -1;
        double bestBytes = 0, bestWeight = 1;
        for (int k = 0; k < n; k++)
        {
            int i = _next + k < n ? _next + k : _next + k - n;
            if (!all && !IsEligible(i)) continue;
            double weight = _nominal[i] * _factor[i];
            if (best < 0 || _bytes[i] * bestWeight < bestBytes * weight || bestWeight <= 0 && weight > 0)
            {
                best = i;
                bestBytes = _bytes[i];
                bestWeight = weight;
            }
        }
        _next = best + 1 == n ? 0 : best + 1;
        if (best >= 0) _bytes[best] += RequestBytes;
        return best;
    }
}
