namespace FarmSim.Farm.Runtime;

/// <summary>
/// The main load balancer and reverse proxy: forwards each user request to the zone its app's path
/// maps to (over the network's hop to the zone). The path table is resolved to a zone per app once, at start.
/// </summary>
internal sealed class Proxy(int[] zoneOfApp)
{
    public int ZoneOf(int app) => zoneOfApp[app];
}
