namespace FarmSim.Farm.Balancing;

/// <summary>
/// A member drawn at random in proportion to its weight (times its slow-start factor): the draw
/// that <c>random</c>, <c>random-draws</c> and <c>least-request</c> share. O(1) with equal weights,
/// O(log n) otherwise; among eligible members only, a draw is repeated while it falls on one out.
/// </summary>
internal sealed class WeightedDraw
{
    private readonly double[] _cumulative, _nominal, _factor;
    private readonly Random _stream;
    private bool _equal;

    public WeightedDraw(IReadOnlyList<double> weights, Random stream)
    {
        _stream = stream;
        _nominal = [.. weights];
        _factor = [.. weights.Select(_ => 1.0)];
        _cumulative = new double[weights.Count];
        Reweigh();
    }

    public bool EqualWeights => _equal;

    public double Weight(int member) => _nominal[member] * _factor[member];

    public void SetFactor(int member, double factor)
    {
        _factor[member] = factor;
        Reweigh();
    }

    public void SetWeight(int member, double weight)
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
            sum += Weight(i);
            _cumulative[i] = sum;
            _equal &= Weight(i) == Weight(0);
        }
    }

    public int Next()
    {
        if (_equal) return _stream.Next(_cumulative.Length);
        double u = _stream.NextDouble() * _cumulative[^1];
        int i = Array.BinarySearch(_cumulative, u);
        // An exact hit on a boundary belongs to the next member; otherwise take the insertion point.
        i = i >= 0 ? i + 1 : ~i;
        return Math.Min(i, _cumulative.Length - 1);
    }

    /// <summary>A draw among the members <paramref name="balancer"/> sends to (it sends to one at least).</summary>
    public int NextAmong(Balancer balancer)
    {
        int pick = 0;
        for (int tries = 0; tries < 4 * _cumulative.Length; tries++)
            if (balancer.IsEligible(pick = Next())) return pick;
        for (int k = 1; k <= _cumulative.Length; k++)
            if (balancer.IsEligible((pick + k) % _cumulative.Length)) return (pick + k) % _cumulative.Length;
        return pick;
    }
}
