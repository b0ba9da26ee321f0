namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>round-robin</c>: NGINX's smooth weighted round robin. Each pick adds every member's weight to
/// its running score, takes the member with the highest score (the first one on a tie) and takes the
/// total weight off it. With weights 5,1,1 the order is a,a,b,a,c,a,a: shares follow the weights and
/// picks of one member are spread out. With equal weights it is plain rotation 0,1,2,…
/// </summary>
public sealed class SmoothWeightedRoundRobin : Balancer
{
    private readonly double[] _nominal;
    private readonly double[] _factor;
    private readonly double[] _weights;
    private readonly double[] _score;
    private double _total;
    private bool _equal;
    private int _next;

    public SmoothWeightedRoundRobin(IReadOnlyList<double> weights) : base(weights.Count)
    {
        _nominal = [.. weights];
        _factor = [.. weights.Select(_ => 1.0)];
        _weights = [.. weights];
        _score = new double[_weights.Length];
        _equal = true;
        foreach (double w in _weights)
        {
            _total += w;
            _equal &= w == _weights[0];
        }
    }

    /// <summary>A member in slow start weighs its weight times the factor: picked that much less often, as NGINX's and HAProxy's slow start do.</summary>
    public override void SetWeightFactor(int member, double factor)
    {
        _factor[member] = factor;
        Reweigh(member);
    }

    public override void SetWeight(int member, double weight)
    {
        _nominal[member] = weight;
        Reweigh(member);
    }

    private void Reweigh(int member)
    {
        _weights[member] = _nominal[member] * _factor[member];
        _total = 0;
        _equal = true;
        foreach (double w in _weights)
        {
            _total += w;
            _equal &= w == _weights[0];
        }
    }

    protected override int Choose()
    {
        // Equal weights make the scores pick 0, 1, 2, … in turn: the same order without the O(n) scan.
        if (_equal)
        {
            int pick = _next;
            _next = pick + 1 == _weights.Length ? 0 : pick + 1;
            return pick;
        }
        var score = _score;
        int best = 0;
        for (int i = 0; i < score.Length; i++)
        {
            score[i] += _weights[i];
            if (score[i] > score[best]) best = i;
        }
        score[best] -= _total;
        return best;
    }
}
