namespace FarmSim.Farm.Balancing;

/// <summary>
/// What the weighted least-load algorithms share: the member with the lowest load per unit of
/// weight (slow start's weight included) wins, ties round robin, each search starting after the
/// last member chosen. A member of no weight (a slow start's first moment) loses to any other.
/// </summary>
public abstract class LeastPerWeight : Balancer
{
    private readonly double[] _nominal, _factor;
    private int _next;

    protected LeastPerWeight(IReadOnlyList<double> weights) : base(weights.Count)
    {
        _nominal = [.. weights];
        _factor = [.. weights.Select(_ => 1.0)];
    }

    public override void SetWeightFactor(int member, double factor) => _factor[member] = factor;

    public override void SetWeight(int member, double weight) => _nominal[member] = weight;

    /// <summary>The member's weight now (slow start's included).</summary>
    protected double WeightOf(int member) => _nominal[member] * _factor[member];

    /// <summary>The member's load as the algorithm counts it.</summary>
    protected abstract double Load(int member);

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
            double weight = WeightOf(i), load = Load(i);
            // Load / weight compared crosswise: no division.
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
