namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>hash</c>: HAProxy's default <c>hash-type map-based</c>. The key's hash modulo the total weight
/// picks a slot in a table where each member has as many slots as its weight (HAProxy's weights are
/// whole numbers; FarmSim's, which need not be, are taken relative to the smallest and rounded, at
/// least one slot): removing a member remaps most keys. A member out gives its request to the next
/// member in, in table order.
/// </summary>
public sealed class MapBasedHash : Balancer
{
    private readonly int[] _slots;

    public MapBasedHash(IReadOnlyList<double> weights) : base(weights.Count)
    {
        var slots = new List<int>();
        double smallest = weights.Min();
        for (int m = 0; m < weights.Count; m++)
            for (int k = 0; k < Math.Max(1, (int)Math.Min(65536, Math.Round(weights[m] / smallest))); k++) slots.Add(m);
        _slots = [.. slots];
        UsesKey = true;
    }

    protected override int Choose() => _slots[Key % (uint)_slots.Length];

    protected override int ChooseAmongEligible()
    {
        int slot = (int)(Key % (uint)_slots.Length);
        for (int k = 0; k < _slots.Length; k++)
        {
            int member = _slots[(slot + k) % _slots.Length];
            if (IsEligible(member)) return member;
        }
        return -1;
    }
}
