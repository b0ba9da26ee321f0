namespace FarmSim.Farm.Balancing;

/// <summary>
/// A zone's load balancer: picks one of the zone's member servers for each request. Its state is
/// its own, as with a real balancer instance: <see cref="Outstanding"/> counts only the requests this
/// balancer sent that have not completed, not what other zones sent to a shared server.
/// </summary>
public abstract class Balancer
{
    private readonly int[] _outstanding;
    private readonly bool[] _out; // members its health checks took out
    private int _outCount;

    protected Balancer(int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        _outstanding = new int[members];
        _out = new bool[members];
    }

    /// <summary>
    /// Scales a member's weight (slow start: a returning server's weight ramps from 0 to its own).
    /// Only algorithms that use weights (round robin, random) follow it; by default it is ignored.
    /// </summary>
    public virtual void SetWeightFactor(int member, double factor)
    {
    }

    /// <summary>Whether the balancer sends to <paramref name="member"/>: its own view of the member's health.</summary>
    public bool IsEligible(int member) => !_out[member];

    /// <summary>How many members it sends to.</summary>
    public int Eligible => Members - _outCount;

    /// <summary>Takes a member out of (or back into) the rotation, as its health checks decide.</summary>
    public void SetEligible(int member, bool eligible)
    {
        if (_out[member] != eligible) return;
        _out[member] = !eligible;
        _outCount += eligible ? -1 : 1;
    }

    /// <summary>
    /// Chooses the member for the next request, among those it sends to; -1 when it sends to none
    /// (ARR's 502.4, no healthy server). With every member in, the algorithm's own choice, so a farm
    /// whose servers never fail draws the very same numbers as before health mattered.
    /// </summary>
    public int Pick() => _outCount == 0 || Panics ? Choose() : _outCount == Members ? -1 : ChooseAmongEligible();

    /// <summary>
    /// Envoy's panic threshold: below this share of members in, the balancer no longer trusts its
    /// health checks and balances over every member (0: never).
    /// </summary>
    public double PanicThreshold { get; set; }

    private bool Panics => PanicThreshold > 0 && Eligible < PanicThreshold * Members;

    /// <summary>The algorithm's choice with every member in.</summary>
    protected abstract int Choose();

    /// <summary>
    /// The algorithm's choice among the members it sends to: by default its own choice drawn again
    /// while it falls on one taken out (a rotation skips it; a random draw becomes uniform over the
    /// rest), then the first member in after it if that takes too long.
    /// </summary>
    protected virtual int ChooseAmongEligible()
    {
        int pick = 0;
        for (int tries = 0; tries < 4 * Members; tries++)
            if (IsEligible(pick = Choose())) return pick;
        for (int k = 1; k <= Members; k++)
            if (IsEligible((pick + k) % Members)) return (pick + k) % Members;
        return -1;
    }

    public int Members => _outstanding.Length;

    /// <summary>Requests this balancer sent to member <paramref name="member"/> that are queued or in service there.</summary>
    public int Outstanding(int member) => _outstanding[member];


    /// <summary>The server accepted the request sent to <paramref name="member"/>.</summary>
    public void Sent(int member) => _outstanding[member]++;

    /// <summary>A request sent to <paramref name="member"/> completed.</summary>
    public void Completed(int member) => _outstanding[member]--;
}
