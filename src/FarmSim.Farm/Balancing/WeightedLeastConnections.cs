namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>weighted-least-connections</c>: NGINX's weighted <c>least_conn</c>. The member with the fewest
/// outstanding requests from this balancer per unit of weight (slow start's weight included) wins;
/// ties go round robin, each search starting after the last member chosen.
/// <c>haproxy-leastconn</c>: HAProxy's <c>leastconn</c>, which keys an idle server at 0 and a busy
/// one at (outstanding + 1) / weight, so that at low load an idle server always wins and the
/// heaviest is not the only one used; ties round robin, as HAProxy rotates within a group.
/// </summary>
public sealed class WeightedLeastConnections : Balancer
{
    private readonly double[] _nominal, _factor;
    private readonly bool _plusOne;
    private int _next;

    public WeightedLeastConnections(IReadOnlyList<double> weights, bool plusOne = false) : base(weights.Count)
    {
        _plusOne = plusOne;
        _nominal = [.. weights];
        _factor = [.. weights.Select(_ => 1.0)];
    }

    public override void SetWeightFactor(int member, double factor) => _factor[member] = factor;

    public override void SetWeight(int member, double weight) => _nominal[member] = weight;

    protected override int Choose() => Least(all: true);

    protected override int ChooseAmongEligible() => Least(all: false);

    private int Least(bool all)
    {
        int n = Members, best = -1;
        double bestLoad = 0, bestWeight = 1;
        for (int k = 0; k < n; k++)
        {
            int i = _next + k < n ? _next + k : _next + k - n;
            if (!all && !IsEligible(i)) continue;
            double weight = _nominal[i] * _factor[i];
            int load = Outstanding(i) > 0 && _plusOne ? Outstanding(i) + 1 : Outstanding(i);
            // Load / weight compared crosswise: no division, and a member of no weight (a slow start's first moment) loses to any other.
            if (best < 0 || load * bestWeight < bestLoad * weight || bestWeight <= 0 && weight > 0)
            {
                best = i;
                bestLoad = load;
                bestWeight = weight;
            }
        }
        _next = best + 1 == n ? 0 : best + 1;
        return best;
    }
}
