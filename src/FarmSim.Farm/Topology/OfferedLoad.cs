namespace FarmSim.Farm.Topology;

/// <summary>
/// Offered load against capacity, in busy workers: an app offers its work per second (its arrival
/// rate times its mean service time, or its classes' CPU demand, calls included); a server has
/// workers × speed. A zone is offered its own apps' work; its capacity is
/// that of its servers, all of it, even where a server is shared with another zone.
/// </summary>
public static class OfferedLoad
{
    public sealed record Load(ZoneSpec Zone, double Offered, double Capacity)
    {
        public double Utilization => Offered / Capacity;
    }

    public static IEnumerable<Load> PerZone(FarmSpec farm)
    {
        var servers = farm.Servers.ToDictionary(s => s.Name);
        var work = farm.OfferedWork();
        foreach (var zone in farm.Zones)
        {
            double offered = farm.Apps.Where(a => a.Zone == zone.Name).Sum(a => work[a.Name]);
            double capacity = farm.MembersOf(zone).Sum(name => servers[name].Workers * servers[name].Speed);
            yield return new Load(zone, offered, capacity);
        }
    }

    /// <summary>The whole farm: all apps' work against all servers.</summary>
    public static (double Offered, double Capacity) Farm(FarmSpec farm)
    {
        var work = farm.OfferedWork();
        return (farm.Apps.Sum(a => work[a.Name]), farm.Servers.Sum(s => s.Workers * s.Speed));
    }
}
