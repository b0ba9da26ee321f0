namespace FarmSim.Farm.Balancing;

/// <summary>
/// A zone's load balancer: picks one of the zone's member servers for each request. Its state is
/// its own, as with a real balancer instance: <see cref="Outstanding"/> counts only the requests this
/// balancer sent that have not completed, not what other zones sent to a shared server.
/// </summary>
public abstract class Balancer
{
    private readonly int[] _outstanding;

    protected Balancer(int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        _outstanding = new int[members];
    }

    public int Members => _outstanding.Length;

    /// <summary>Requests this balancer sent to member <paramref name="member"/> that are queued or in service there.</summary>
    public int Outstanding(int member) => _outstanding[member];

    /// <summary>Chooses the member index for the next request.</summary>
    public abstract int Pick();

    /// <summary>The server accepted the request sent to <paramref name="member"/>.</summary>
    public void Sent(int member) => _outstanding[member]++;

    /// <summary>A request sent to <paramref name="member"/> completed.</summary>
    public void Completed(int member) => _outstanding[member]--;
}
