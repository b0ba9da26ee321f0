namespace FarmSim.Farm.Balancing;

/// <summary>
/// A zone's load balancer: picks one of the zone's member servers for each request. Its state is
/// its own, as with a real balancer instance: <see cref="Outstanding"/> counts only the requests this
/// balancer sent that have not completed, not what other zones sent to a shared server.
/// </summary>
public abstract class Balancer
{
    private readonly int[] _outstanding;
    private readonly bool[] _unhealthy; // members its active or live-traffic checks hold unhealthy
    private readonly bool[] _ejected;   // members its outlier detection ejected (Envoy): apart from the checks' view
    private readonly bool[] _removed;   // members an administrator took out of its rotation (drain, publish, leave)
    private int _eligible;
    private bool _panics;

    protected Balancer(int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        _outstanding = new int[members];
        _unhealthy = new bool[members];
        _ejected = new bool[members];
        _removed = new bool[members];
        _eligible = members;
    }

    /// <summary>
    /// Scales a member's weight (slow start: a returning server's weight ramps from 0 to its own).
    /// Only algorithms that use weights (round robin, random) follow it; by default it is ignored.
    /// </summary>
    public virtual void SetWeightFactor(int member, double factor)
    {
    }

    /// <summary>Sets a member's own weight (an administrator's change); algorithms without weights ignore it.</summary>
    public virtual void SetWeight(int member, double weight)
    {
    }

    /// <summary>Whether the balancer sends to <paramref name="member"/> now: in its rotation and healthy in its view (or it panics).</summary>
    public bool IsEligible(int member) => !_removed[member] && (!_unhealthy[member] && !_ejected[member] || _panics);

    /// <summary>Whether its checks hold <paramref name="member"/> healthy (an ejection aside).</summary>
    public bool IsHealthy(int member) => !_unhealthy[member];

    /// <summary>Whether its outlier detection has <paramref name="member"/> ejected.</summary>
    public bool IsEjected(int member) => _ejected[member];

    /// <summary>Ejects a member, or returns it, as its outlier detection decides.</summary>
    public void SetEjected(int member, bool ejected)
    {
        if (_ejected[member] == ejected) return;
        _ejected[member] = ejected;
        Recount();
    }

    /// <summary>Whether <paramref name="member"/> is in its rotation (not drained, publishing or gone from the zone).</summary>
    public bool InRotation(int member) => !_removed[member];

    /// <summary>How many members it sends to.</summary>
    public int Eligible => _eligible;

    /// <summary>Marks a member healthy or not, as its health checks or its outlier detection decide.</summary>
    public void SetHealthy(int member, bool healthy)
    {
        if (_unhealthy[member] != healthy) return;
        _unhealthy[member] = !healthy;
        Recount();
    }

    /// <summary>Takes a member out of its rotation or puts it back: an administrator's act, which no probe undoes.</summary>
    public void SetInRotation(int member, bool inRotation)
    {
        if (_removed[member] != inRotation) return;
        _removed[member] = !inRotation;
        Recount();
    }

    /// <summary>
    /// Envoy's panic threshold: below this share of the members in its rotation healthy, the balancer
    /// no longer trusts its health view and balances over all of them (0: never).
    /// </summary>
    public double PanicThreshold { get; set; }

    private void Recount()
    {
        int healthy = 0, inRotation = 0;
        for (int m = 0; m < Members; m++)
        {
            if (_removed[m]) continue;
            inRotation++;
            if (!_unhealthy[m] && !_ejected[m]) healthy++;
        }
        _panics = PanicThreshold > 0 && healthy < PanicThreshold * inRotation;
        _eligible = _panics ? inRotation : healthy;
        EligibilityChanged();
    }

    /// <summary>Which members it sends to has just changed (health, rotation, panic): for algorithms that keep a schedule over them.</summary>
    protected virtual void EligibilityChanged()
    {
    }

    /// <summary>
    /// Chooses the member for the next request, among those it sends to; -1 when it sends to none
    /// (ARR's 502.4, no healthy server). With every member in, the algorithm's own choice, so a farm
    /// whose servers never fail draws the very same numbers as before health mattered.
    /// </summary>
    public int Pick() => _eligible == Members ? Choose() : _eligible == 0 ? -1 : ChooseAmongEligible();

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

    /// <summary>Whether it hashes a key of the request: then <see cref="Key"/> is set before each pick.</summary>
    public bool UsesKey { get; protected init; }

    /// <summary>The hash of the request's key (its client's address, its URL), for hashing balancers.</summary>
    public uint Key { get; set; }

    /// <summary>The clock, for balancers that measure response times: set before each pick where one does.</summary>
    public double Now { get; set; }

    /// <summary>
    /// Two distinct members drawn uniformly (among those it sends to, unless <paramref name="all"/>);
    /// B is -1 when there is only one to draw. The draws power-of-two-choices and peak EWMA share.
    /// </summary>
    protected (int A, int B) TwoDistinct(Random stream, bool all)
    {
        if (all)
        {
            if (Members == 1) return (0, -1);
            int x = stream.Next(Members), y = stream.Next(Members - 1);
            return (x, y >= x ? y + 1 : y);
        }
        int n = Eligible, a = stream.Next(n), b = -1;
        if (n > 1)
        {
            b = stream.Next(n - 1);
            if (b >= a) b++;
        }
        int ma = -1, mb = -1;
        for (int i = 0, k = 0; i < Members; i++)
        {
            if (!IsEligible(i)) continue;
            if (k == a) ma = i;
            if (k == b) mb = i;
            k++;
        }
        return (ma, mb);
    }

    /// <summary>Requests this balancer sent to member <paramref name="member"/> that are queued or in service there.</summary>
    public int Outstanding(int member) => _outstanding[member];


    /// <summary>Requests this balancer sent that are queued or in service, over all its members.</summary>
    public int TotalOutstanding { get; private set; }

    /// <summary>The server accepted the request sent to <paramref name="member"/>.</summary>
    public void Sent(int member)
    {
        _outstanding[member]++;
        TotalOutstanding++;
        if (CountsBytes) Transferred(member, RequestBytes);
    }

    /// <summary>What a request sent counts for a balancer that counts bytes: FarmSim's requests have no size of their own, so about a browser request's headers.</summary>
    public const double RequestBytes = 1000;

    /// <summary>A request sent to <paramref name="member"/> completed.</summary>
    public void Completed(int member)
    {
        _outstanding[member]--;
        TotalOutstanding--;
    }

    /// <summary>Whether it measures its members' response times: then it hears each one in <see cref="Answered"/>.</summary>
    public bool MeasuresLatency { get; protected init; }

    /// <summary>Whether it balances by the bytes it relays: then it hears each request sent (<see cref="RequestBytes"/>) and each answer's size in <see cref="Transferred"/>.</summary>
    public bool CountsBytes { get; protected init; }

    /// <summary>It relayed <paramref name="bytes"/> bytes to or from member <paramref name="member"/>: a request sent, or its answer.</summary>
    public virtual void Transferred(int member, double bytes)
    {
    }

    /// <summary>A request it sent to <paramref name="member"/> was answered <paramref name="latency"/> seconds after it sent it, at <paramref name="now"/>.</summary>
    public virtual void Answered(int member, double latency, double now)
    {
    }
}
