namespace FarmSim.Farm.Runtime;

/// <summary>
/// The main load balancer and reverse proxy: forwards each user request to the zone its app's path
/// maps to (over the network's hop to the zone). The path table is resolved to a zone per app once,
/// at start; an app moved to another zone during the run has its moves, in time order, and a
/// request goes where its app was when it was sent, so that it finishes with the balancer it began with.
/// </summary>
internal sealed class Proxy(int[] zoneOfApp, (double At, int Zone)[][]? moves = null)
{
    /// <summary>The zone a request of the app sent at <paramref name="sentAt"/> goes to.</summary>
    public int ZoneOf(int app, double sentAt) => moves is null ? zoneOfApp[app] : Moved(app, sentAt);

    // Apart, so that the common case above stays small enough to be inlined.
    private int Moved(int app, double sentAt)
    {
        int zone = zoneOfApp[app];
        foreach (var (at, to) in moves![app])
        {
            if (at > sentAt) break;
            zone = to;
        }
        return zone;
    }
}
