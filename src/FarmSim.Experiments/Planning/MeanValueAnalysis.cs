using FarmSim.Farm.Topology;

namespace FarmSim.Experiments.Planning;

/// <summary>
/// Mean Value Analysis of a closed population with think time Z, exact (Reiser and Lavenberg 1980)
/// for stations of one worker: for n = 1 … N the arrival theorem gives R_k(n) = D_k (1 + Q_k(n − 1)),
/// then X(n) = n / (Z + Σ R_k(n)) and Q_k(n) = X(n) R_k(n). A station of c workers is load-dependent;
/// its exact recursion through p(0) = 1 − Σ p(j) loses all precision once the station is busy (the
/// error grows by about the busy workers' number at every step), so it is taken as Seidmann's
/// equivalent instead: one worker c times as fast, plus a delay of D(c − 1)/c. Exact at c = 1 and for
/// light load, within a few per cent otherwise; <see cref="Solution.Exact"/> says which it was (an
/// approximation too where other apps' load is folded in as lost capacity).
/// </summary>
public static class MeanValueAnalysis
{
    /// <summary>A queueing station: its demand per request (visits × service time) and its workers.</summary>
    public sealed record Station(string Name, double Demand, int Workers);

    public sealed record Solution(int Users, double Throughput, double Response, bool Exact);

    /// <summary>
    /// X and R (the time a request spends at the stations, think excluded, plus <paramref name="delay"/>)
    /// for 1 … <paramref name="users"/> users, one after another, computed as they are asked for.
    /// <paramref name="exact"/>: whether the stations are exactly the farm's (no load of other apps folded in).
    /// </summary>
    public static IEnumerable<Solution> Solve(IReadOnlyList<Station> stations, double think, int users, double delay = 0, bool exact = true)
    {
        exact &= stations.All(s => s.Workers == 1);
        var demand = stations.Select(s => s.Demand / s.Workers).ToArray();
        double fixedDelay = delay + stations.Sum(s => s.Demand * (s.Workers - 1) / s.Workers);
        var queue = new double[stations.Count];
        var response = new double[stations.Count];
        for (int n = 1; n <= users; n++)
        {
            double total = fixedDelay;
            for (int k = 0; k < demand.Length; k++) total += response[k] = demand[k] * (1 + queue[k]);
            double x = n / (think + total);
            for (int k = 0; k < demand.Length; k++) queue[k] = x * response[k];
            yield return new Solution(n, x, total, exact);
        }
    }

    /// <summary>The solution for <paramref name="users"/> users of <paramref name="app"/> on its farm, or null where the model does not apply.</summary>
    public static Solution? For(FarmSpec farm, AppSpec app, int users) =>
        Model(farm, app) is { } model ? Solve(model.Stations, app.Users!.Think.Mean, users, model.Delay, model.Exact).Last() : null;

    /// <summary>A closed population's model: its stations, the network's delay per request, and whether it is exact.</summary>
    public sealed record PopulationModel(IReadOnlyList<Station> Stations, double Delay, bool Exact);

    /// <summary>
    /// The model of <paramref name="app"/>'s closed population: its stations (below), and the mean
    /// one-way hops its request travels (user to proxy, to the zone's balancer, to the server) as a delay.
    /// </summary>
    public static PopulationModel? Model(FarmSpec farm, AppSpec app)
    {
        if (StationsFor(farm, app) is not { } stations) return null;
        var hops = farm.Hops;
        double delay = (hops.UserToProxy?.Mean ?? 0) + (hops.ToZone?.Mean ?? farm.Proxy.Latency) + (hops.ZoneToServer?.Mean ?? 0);
        bool othersLoad = farm.Apps.Any(a => a != app && a.HasUsers);
        return new PopulationModel(stations, delay, Exact: !othersLoad);
    }

    /// <summary>
    /// The stations a closed population of <paramref name="app"/> (plain service times) meets: its
    /// zone's servers, each visited in its share of the balancer's requests (by weight for round
    /// robin and random; by capacity, workers × speed, for the balancers that follow load), its
    /// demand the service time at the server's speed, inflated by the other apps' open load there
    /// (D / (1 − U)). Null when the model does not apply: request classes, or a server the others saturate.
    /// </summary>
    public static IReadOnlyList<Station>? StationsFor(FarmSpec farm, AppSpec app)
    {
        if (app.Classes is not null || app.Users is null) return null;
        var zone = farm.Zones.First(z => z.Name == app.Zone);
        var members = farm.MembersOf(zone).Select(n => farm.Servers.First(s => s.Name == n)).ToList();
        bool byLoad = Farm.Balancing.BalancerCatalog.Kind(zone.Balancer)?.ByLoad == true;
        double total = members.Sum(m => byLoad ? m.Workers * m.Speed : m.Weight);
        var stations = new List<Station>();
        foreach (var server in members)
        {
            double share = (byLoad ? server.Workers * server.Speed : server.Weight) / total;
            double others = OpenUtilization(farm, app, server);
            if (others >= 1) return null;
            stations.Add(new Station(server.Name, share * app.Service.Mean / server.Speed / (1 - others), server.Workers));
        }
        return stations;
    }

    /// <summary>
    /// The utilisation the other apps' users bring to a server: each zone it is in spreads its apps'
    /// work over its members as its balancer does (by weight, or by capacity), against the server's workers × speed.
    /// </summary>
    private static double OpenUtilization(FarmSpec farm, AppSpec closed, FrontEndSpec server)
    {
        var work = farm.OfferedWork();
        double busy = 0;
        foreach (var zone in farm.Zones.Where(z => farm.MembersOf(z).Contains(server.Name)))
        {
            var members = farm.MembersOf(zone).Select(n => farm.Servers.First(s => s.Name == n)).ToList();
            bool byLoad = Farm.Balancing.BalancerCatalog.Kind(zone.Balancer)?.ByLoad == true;
            double share = (byLoad ? server.Workers * server.Speed : server.Weight) / members.Sum(m => byLoad ? m.Workers * m.Speed : m.Weight);
            busy += share * farm.Apps.Where(a => a.Zone == zone.Name && a != closed).Sum(a => work[a.Name]);
        }
        return busy / (server.Workers * server.Speed);
    }
}
