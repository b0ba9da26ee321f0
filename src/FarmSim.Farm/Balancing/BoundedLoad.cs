namespace FarmSim.Farm.Balancing;

/// <summary>
/// Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, 2018), as HAProxy's
/// <c>hash-balance-factor</c> computes it: the slots are all outstanding requests plus the one to
/// send, times the factor, rounded up, shared among the members in proportion to their weights
/// (each takes its cumulative share, rounded down, less the share of those before it, and never
/// less than one); a member takes the request only while it holds fewer than its slots, and the
/// key passes on to the next member in hash order. As the slots add up to more than what is
/// outstanding, some member always has room, and none holds more than its share of the factor
/// times the total, rounded up.
/// </summary>
internal static class BoundedLoad
{
    /// <param name="before">The weight of the members it sends to that come before this one, in zone order.</param>
    public static bool HasRoom(int outstanding, int total, double before, double weight, double totalWeight, double factor)
    {
        double slots = Math.Ceiling((total + 1) * factor - 1e-9);
        // The small allowance keeps a share that is whole in exact arithmetic from rounding down.
        double mine = Math.Floor((before + weight) * slots / totalWeight + 1e-9) - Math.Floor(before * slots / totalWeight + 1e-9);
        return outstanding < Math.Max(1, mine);
    }
}
