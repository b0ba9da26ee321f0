namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>least-connections</c>: the member with the fewest outstanding requests that this balancer sent
/// and that have not completed (queued plus in service at the server). Weights are not used. Ties are
/// broken uniformly at random among all tied members, unlike a first-minimum scan (YARP's
/// least-requests), which would favour the first server.
/// </summary>
public sealed class LeastConnectionsRandomTies(int members, Random stream) : Balancer(members)
{
    protected override int Choose() => Least(all: true);

    protected override int ChooseAmongEligible() => Least(all: false);

    private int Least(bool all)
    {
        int best = -1;
        int least = int.MaxValue;
        int ties = 0;
        for (int i = 0; i < Members; i++)
        {
            if (!all && !IsEligible(i)) continue;
            int load = Outstanding(i);
            if (load < least)
            {
                least = load;
                best = i;
                ties = 1;
            }
            else if (load == least)
            {
                // Reservoir sampling: the k-th tied member replaces the choice with probability 1/k,
                // which leaves each of the tied members chosen with probability 1/ties.
                ties++;
                if (stream.Next(ties) == 0) best = i;
            }
        }
        return best;
    }
}
