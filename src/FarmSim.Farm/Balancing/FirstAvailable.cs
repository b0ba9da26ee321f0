namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>first</c>: HAProxy's <c>first</c>. Members in their order: the first that holds fewer requests
/// from this balancer than its <c>limit</c> (its <c>maxconn</c>; by default its workers) takes the
/// request, so that the first servers fill up and the last stay idle (and could be switched off).
/// When every member is at its limit HAProxy queues in the backend; FarmSim, which has no queue at
/// the balancer, sends it to the member least full for its limit (the first of equals).
/// </summary>
public sealed class FirstAvailable(IReadOnlyList<int> limits) : Balancer(limits.Count)
{
    private readonly int[] _limits = [.. limits];

    protected override int Choose() => First(all: true);

    protected override int ChooseAmongEligible() => First(all: false);

    private int First(bool all)
    {
        int fullest = -1;
        for (int i = 0; i < Members; i++)
        {
            if (!all && !IsEligible(i)) continue;
            if (Outstanding(i) < _limits[i]) return i;
            // Least full: outstanding / limit, crosswise.
            if (fullest < 0 || (long)Outstanding(i) * _limits[fullest] < (long)Outstanding(fullest) * _limits[i]) fullest = i;
        }
        return fullest;
    }
}
