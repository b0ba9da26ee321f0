namespace FarmSim.Farm.Balancing;

/// <summary>
/// Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, 2018), as HAProxy's
/// <c>hash-balance-factor</c> and Envoy's <c>hash_balance_factor</c> apply it: a member takes the
/// request only while its outstanding requests stay under its share of factor × (all outstanding
/// + 1), rounded up; the key passes on to the next member in hash order. No member then holds more
/// than factor × the average, rounded up, however skewed the keys.
/// </summary>
internal static class BoundedLoad
{
    public static bool HasRoom(int outstanding, int total, double weight, double totalWeight, double factor) =>
        outstanding < Math.Ceiling(factor * (total + 1) * weight / totalWeight);
}
