namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>random-draws</c>: HAProxy's <c>random(&lt;draws&gt;)</c>, the power of d choices as HAProxy does
/// it: <c>draws</c> members (2 by default) drawn at random in proportion to their weights, with
/// replacement, and the one with the fewest outstanding requests from this balancer per unit of
/// weight taken, a tie to the later draw, as HAProxy compares them. Unlike
/// <c>power-of-two-choices</c>, the same member may be drawn twice.
/// </summary>
public sealed class RandomDraws : Balancer
{
    private readonly int _draws;
    private readonly WeightedDraw _draw;

    public RandomDraws(IReadOnlyList<double> weights, Random stream, int draws) : base(weights.Count)
    {
        _draws = draws;
        _draw = new WeightedDraw(weights, stream);
    }

    public override void SetWeightFactor(int member, double factor) => _draw.SetFactor(member, factor);

    public override void SetWeight(int member, double weight) => _draw.SetWeight(member, weight);

    protected override int Choose() => Least(all: true);

    protected override int ChooseAmongEligible() => Least(all: false);

    private int Least(bool all)
    {
        int best = -1;
        for (int d = 0; d < _draws; d++)
        {
            int i = all ? _draw.Next() : _draw.NextAmong(this);
            if (best < 0 || Outstanding(i) * _draw.Weight(best) <= Outstanding(best) * _draw.Weight(i)) best = i;
        }
        return best;
    }
}
