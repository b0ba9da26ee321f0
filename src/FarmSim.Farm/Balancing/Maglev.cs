namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>maglev</c>: Envoy's MAGLEV, the lookup table of Google's Maglev (Eisenbud et al., 2016). Each
/// member walks its own permutation of the table's slots (an offset and a skip from hashing its
/// name), and the members take turns claiming the next free slot of theirs, a member of weight w
/// taking w / (the largest weight) turns a round, until the table (65537 slots, Envoy's default) is
/// full. A key goes to its slot's member: O(1). The table is built again over the members the
/// balancer sends to whenever those or the weights change, as Envoy rebuilds it on a host change;
/// that moves somewhat more than the out member's own keys (Envoy: about twice a ring's). Envoy's
/// slow start is not for MAGLEV, so a returning member takes its whole share at once. Bounded load
/// (<c>balance_factor</c>) follows HAProxy's rule (<see cref="BoundedLoad"/>), trying the next slots in turn.
/// </summary>
public sealed class Maglev : Balancer
{
    /// <summary>Envoy's default table size, a prime.</summary>
    public const int TableSize = 65537;

    private readonly uint[] _offset, _skip;
    private readonly double[] _nominal, _before; // _before: the weight of the members in the table before each
    private readonly int[] _table, _next;
    private readonly double[] _turns;
    private readonly double? _balanceFactor;
    private double _totalWeight; // of the members in the table
    private bool _allZero;       // every member sent to has weight 0: they are weighed alike

    public Maglev(IReadOnlyList<double> weights, IReadOnlyList<string> names, int size, double? balanceFactor) : base(weights.Count)
    {
        int n = weights.Count;
        _offset = new uint[n];
        _skip = new uint[n];
        for (int m = 0; m < n; m++)
        {
            _offset[m] = KeyHash.Of(names[m], -1) % (uint)size;
            _skip[m] = KeyHash.Of(names[m], -2) % (uint)(size - 1) + 1; // size is prime: every skip walks every slot
        }
        _nominal = [.. weights];
        _before = new double[n];
        _table = new int[size];
        _next = new int[n];
        _turns = new double[n];
        _balanceFactor = balanceFactor;
        UsesKey = true;
        Build();
    }

    public override void SetWeight(int member, double weight)
    {
        _nominal[member] = weight;
        Build();
    }

    protected override void EligibilityChanged() => Build();

    protected override int Choose() => Lookup();

    protected override int ChooseAmongEligible() => Lookup();

    private int Lookup()
    {
        int slot = (int)(Key % (uint)_table.Length);
        if (_balanceFactor is not { } factor) return _table[slot];
        // Bounded load: the next slots in turn, until one whose member has room (one always has).
        for (int k = 0; k < _table.Length; k++)
        {
            int member = _table[slot + k < _table.Length ? slot + k : slot + k - _table.Length];
            if (BoundedLoad.HasRoom(Outstanding(member), TotalOutstanding, _before[member], Weight(member), _totalWeight, factor)) return member;
        }
        return _table[slot];
    }

    /// <summary>A member's weight in the table: its own, or 1 each when every member sent to has none (an administrator's zeros).</summary>
    private double Weight(int member) => !IsEligible(member) ? 0 : _allZero ? 1 : _nominal[member];

    /// <summary>Fills the table over the members sent to now (or every member, before any is out).</summary>
    private void Build()
    {
        int n = Members, size = _table.Length;
        _allZero = false;
        double largest = 0;
        for (int m = 0; m < n; m++) largest = Math.Max(largest, Weight(m));
        Array.Fill(_table, -1);
        if (Eligible == 0) return; // none to send to: Pick answers -1 before looking
        if (largest <= 0)
        {
            _allZero = true;
            largest = 1;
        }
        _totalWeight = 0;
        for (int m = 0; m < n; m++)
        {
            _before[m] = _totalWeight;
            _totalWeight += Weight(m);
        }
        Array.Clear(_next);
        Array.Clear(_turns);
        for (int filled = 0; filled < size;)
            for (int m = 0; m < n && filled < size; m++)
            {
                double w = Weight(m);
                if (w <= 0) continue;
                _turns[m] += w / largest; // the largest claims a slot every round, others in proportion
                for (; _turns[m] >= 1 && filled < size; _turns[m]--)
                {
                    uint slot;
                    do slot = (uint)((_offset[m] + (ulong)_next[m]++ * _skip[m]) % (ulong)size);
                    while (_table[slot] >= 0);
                    _table[slot] = m;
                    filled++;
                }
            }
    }

    /// <summary>The slots each member holds now, for tests of the table's balance.</summary>
    public int SlotsOf(int member) => _table.Count(t => t == member);
}
