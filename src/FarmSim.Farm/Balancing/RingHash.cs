namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>ring-hash</c>: consistent hashing on a ring, as NGINX's <c>hash … consistent</c> (ketama)
/// builds it: each member has <c>points</c> (160) points per unit of weight, placed by hashing its
/// name, and a key goes to the first point at or after its own hash, round the ring. Removing one
/// of n members moves only its own keys, about 1/n of them, to the points that follow. A member out
/// is passed over for the next point's member that is in. O(log points) per pick. With a
/// <c>balance_factor</c> (HAProxy's <c>hash-balance-factor</c>), a member without room under the
/// bound (<see cref="BoundedLoad"/>) is passed over too.
/// </summary>
public sealed class RingHash : Balancer
{
    private readonly uint[] _points;
    private readonly int[] _owners;
    private readonly double[] _weights, _before; // _before: the weight of the members sent to before each, for bounded loads
    private readonly double? _balanceFactor;
    private double _totalWeight; // of the members it sends to

    public RingHash(IReadOnlyList<double> weights, IReadOnlyList<string> names, int points, double? balanceFactor = null) : base(weights.Count)
    {
        _weights = [.. weights];
        _before = new double[weights.Count];
        _balanceFactor = balanceFactor;
        EligibilityChanged();
        var ring = new List<(uint Point, int Member)>();
        for (int m = 0; m < weights.Count; m++)
        {
            int count = Math.Max(1, (int)Math.Round(points * weights[m]));
            for (int k = 0; k < count; k++) ring.Add((KeyHash.Of(names[m], k), m));
        }
        ring.Sort(); // ties between points (rare) go to the lower member, the same in every run
        _points = [.. ring.Select(r => r.Point)];
        _owners = [.. ring.Select(r => r.Member)];
        UsesKey = true;
    }

    private int Start()
    {
        int i = Array.BinarySearch(_points, Key);
        if (i < 0) i = ~i;
        return i == _points.Length ? 0 : i;
    }

    protected override int Choose() => _balanceFactor is null ? _owners[Start()] : ChooseAmongEligible();

    protected override int ChooseAmongEligible()
    {
        int start = Start(), first = -1;
        for (int k = 0; k < _points.Length; k++)
        {
            int member = _owners[start + k < _points.Length ? start + k : start + k - _points.Length];
            if (!IsEligible(member)) continue;
            if (_balanceFactor is not { } factor || BoundedLoad.HasRoom(Outstanding(member), TotalOutstanding, _before[member], _weights[member], _totalWeight, factor)) return member;
            if (first < 0) first = member;
        }
        return first;
    }

    protected override void EligibilityChanged()
    {
        _totalWeight = 0;
        for (int m = 0; m < Members; m++)
        {
            _before[m] = _totalWeight;
            if (IsEligible(m)) _totalWeight += _weights[m];
        }
    }
}
