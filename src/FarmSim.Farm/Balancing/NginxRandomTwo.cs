namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>nginx-random-two</c>: NGINX's <c>random two least_conn</c>. Two distinct members drawn in
/// proportion to their weights (the second drawn again while it falls on the first), and the one
/// with fewer outstanding requests from this balancer per unit of weight taken, a tie to the first.
/// With equal weights it is <c>power-of-two-choices</c>; unlike HAProxy's <c>random(2)</c>, the two
/// are never the same.
/// </summary>
public sealed class NginxRandomTwo : Balancer
{
    private readonly WeightedDraw _draw;

    public NginxRandomTwo(IReadOnlyList<double> weights, Random stream) : base(weights.Count) => _draw = new WeightedDraw(weights, stream);

    public override void SetWeightFactor(int member, double factor) => _draw.SetFactor(member, factor);

    public override void SetWeight(int member, double weight) => _draw.SetWeight(member, weight);

    protected override int Choose() => Least(all: true);

    protected override int ChooseAmongEligible() => Least(all: false);

    private int Least(bool all)
    {
        int first = all ? _draw.Next() : _draw.NextAmong(this);
        if ((all ? Members : Eligible) < 2) return first;
        int second = first;
        // NGINX gives up after 20 tries (a member of almost all the weight) and keeps the first.
        for (int tries = 0; second == first && tries < 20; tries++) second = all ? _draw.Next() : _draw.NextAmong(this);
        return Outstanding(second) * _draw.Weight(first) < Outstanding(first) * _draw.Weight(second) ? second : first;
    }
}
