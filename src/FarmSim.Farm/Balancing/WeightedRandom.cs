namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>random</c>: each request goes to a member drawn at random with probability proportional to its
/// weight, independently of everything else (NGINX <c>random</c>, Envoy <c>RANDOM</c>).
/// </summary>
public sealed class WeightedRandom : Balancer
{
    private readonly double[] _cumulative;
    private readonly double[] _nominal;
    private readonly double[] _factor;
    private bool _equal;
    private readonly Random _stream;

    public WeightedRandom(IReadOnlyList<double> weights, Random stream) : base(weights.Count)
    {
        _stream = stream;
        _nominal = [.. weights];
        _factor = [.. weights.Select(_ => 1.0)];
        _cumulative = new double[weights.Count];
        double sum = 0;
        _equal = true;
        for (int i = 0; i < weights.Count; i++)
        {
            sum += weights[i];
            _cumulative[i] = sum;
            _equal &= weights[i] == weights[0];
        }
    }

    /// <summary>A member in slow start is drawn in proportion to its weight times the factor.</summary>
    public override void SetWeightFactor(int member, double factor)
    {
        _factor[member] = factor;
        Reweigh();
    }

    public override void SetWeight(int member, double weight)
    {
        _nominal[member] = weight;
        Reweigh();
    }

    private void Reweigh()
    {
        double sum = 0;
        _equal = true;
        for (int i = 0; i < _nominal.Length; i++)
        {
            sum += _nominal[i] * _factor[i];
            _cumulative[i] = sum;
            _equal &= _nominal[i] * _factor[i] == _nominal[0] * _factor[0];
        }
    }

    protected override int Choose()
    {
        if (_equal) return _stream.Next(_cumulative.Length);
        double u = _stream.NextDouble() * _cumulative[^1];
        int i = Array.BinarySearch(_cumulative, u);
        // An exact hit on a boundary belongs to the next member; otherwise take the insertion point.
        i = i >= 0 ? i + 1 : ~i;
        return Math.Min(i, _cumulative.Length - 1);
    }
}
