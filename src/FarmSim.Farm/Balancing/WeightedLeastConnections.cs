namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>weighted-least-connections</c>: NGINX's weighted <c>least_conn</c>. The member with the fewest
/// outstanding requests from this balancer per unit of weight wins, ties round robin.
/// <c>haproxy-leastconn</c>: HAProxy's <c>leastconn</c>, which keys an idle server at 0 and a busy
/// one at (outstanding + 1) / weight, so that at low load an idle server always wins and the
/// heaviest is not the only one used; ties round robin, as HAProxy rotates within a group.
/// </summary>
public sealed class WeightedLeastConnections(IReadOnlyList<double> weights, bool plusOne = false) : LeastPerWeight(weights)
{
    protected override double Load(int member) => Outstanding(member) > 0 && plusOne ? Outstanding(member) + 1 : Outstanding(member);
}
