using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Experiments.Planning;

/// <summary>The planner's analytic first guess: each zone as an M/M/c queue, and why the simulation may differ from it.</summary>
public sealed partial class Planner
{
    /// <summary>The zone as M/M/c: its apps' Poisson arrivals (at their peak, when their load changes), the mean service time (at the members' mean speed), c workers.</summary>
    private MMc ZoneModel(ZoneSpec zone, int workers, double factor = 1)
    {
        var apps = scenario.Farm.Apps.Where(a => a.Zone == zone.Name).ToList();
        double lambda = apps.Sum(a => a.PeakUserRate) * factor;
        double meanService = apps.Sum(a => a.PeakUserRate * a.MeanDemand) / apps.Sum(a => a.PeakUserRate);
        double speed = Members(zone, scenario.Farm).Average(s => s.Speed);
        return new MMc(lambda, speed / meanService, Math.Max(workers, 1));
    }

    /// <summary>Whether the M/M/c model predicts that every objective on this zone's apps and servers holds.</summary>
    private bool AnalyticMeets(ZoneSpec zone, MMc model)
    {
        if (!model.Stable) return false;
        double hop = scenario.Farm.Proxy.Latency;
        foreach (var level in levels)
        {
            bool covers = level.Scope switch
            {
                "app" => scenario.Farm.Apps.Any(a => a.Zone == zone.Name && (level.Name is null || a.Name == level.Name)),
                "zone" => level.Name is null || level.Name == zone.Name,
                "server" => level.Name is null || scenario.Farm.MembersOf(zone).Contains(level.Name),
                _ => true,
            };
            if (!covers) continue;
            double? predicted = level.Metric switch
            {
                "latency_mean_ms" => (model.MeanResponse + hop) * 1000,
                "wait_mean_ms" => (model.MeanWait + hop) * 1000,
                "utilization" => model.Utilization,
                var m when m.StartsWith("latency_p", StringComparison.Ordinal) && m != "latency_max_ms" =>
                    (model.ResponsePercentile(double.Parse(m["latency_p".Length..^"_ms".Length], System.Globalization.CultureInfo.InvariantCulture)) + hop) * 1000,
                _ => null, // rejections, throughput and queues are left to the simulation
            };
            if (predicted is { } value && (level.Comparison == Comparison.AtMost ? value > level.Target : value < level.Target)) return false;
        }
        return true;
    }

    /// <summary>The smallest parameter in [low, high] for which the zone's M/M/c meets its objectives; null when none does.</summary>
    private int? AnalyticMinimum(ZoneSpec zone, Func<int, int> workersFor, int low, int high)
    {
        for (int n = low; n <= high; n = n < 16 ? n + 1 : n + Math.Max(1, n / 16))
            if (AnalyticMeets(zone, ZoneModel(zone, workersFor(n)))) return n;
        return null;
    }

    private double AnalyticHeadroom(double saturation)
    {
        double low = 0, high = saturation;
        for (int i = 0; i < 40; i++)
        {
            double middle = (low + high) / 2;
            bool meets = ZonesWithApps().All(z => AnalyticMeets(z, ZoneModel(z, Members(z, scenario.Farm).Sum(s => s.Workers), middle)));
            if (meets) low = middle;
            else high = middle;
        }
        return Hundredths(low);
    }

    /// <summary>Why the simulated answer may differ from M/M/c here.</summary>
    private List<string> Caveats()
    {
        var caveats = new List<string>();
        foreach (var app in scenario.Farm.Apps.Where(a => Math.Abs(a.DemandSquaredCv - 1) > 0.05))
            caveats.Add($"{app.Name}'s service times are {(app.DemandSquaredCv > 1 ? "more" : "less")} variable than exponential (cv² = {app.DemandSquaredCv:0.##}), " +
                $"so its queues are {(app.DemandSquaredCv > 1 ? "longer" : "shorter")} than M/M/c predicts");
        if (scenario.Farm.Servers.Any(s => s.Cores is not null) && scenario.Farm.Apps.Any(a => a.Classes is not null))
            caveats.Add("CPU demands share the servers' cores (processor sharing), which M/M/c does not model");
        foreach (var zone in ZonesWithApps())
        {
            if (scenario.Farm.Apps.Count(a => a.Zone == zone.Name) > 1)
                caveats.Add($"zone {zone.Name}'s apps are merged into one M/M/c with their mean service time, so a slower app there does worse than predicted");
            if (Members(zone, scenario.Farm).Count > 1 && zone.Balancer != "least-connections")
                caveats.Add($"zone {zone.Name}'s balancer ({zone.Balancer}) can send a request to a busy server while another is idle; M/M/c assumes one queue for all its servers");
            var sharing = scenario.Farm.Zones.Where(z => z != zone && scenario.Farm.MembersOf(z).Intersect(scenario.Farm.MembersOf(zone)).Any() && scenario.Farm.Apps.Any(a => a.Zone == z.Name)).Select(z => z.Name).ToList();
            if (sharing.Count > 0)
                caveats.Add($"zone {zone.Name} shares servers with {string.Join(", ", sharing)}, whose load M/M/c leaves out");
        }
        if (scenario.Farm.Servers.Select(s => s.Speed).Distinct().Count() > 1)
            caveats.Add("servers differ in speed; M/M/c takes their average");
        return caveats;
    }

    /// <summary>Why the simulated answer may differ from Mean Value Analysis here.</summary>
    private List<string> MvaCaveats()
    {
        var caveats = new List<string>();
        foreach (var app in scenario.Farm.Apps.Where(a => a.Users is not null && a.Classes is null && Math.Abs(a.DemandSquaredCv - 1) > 0.05))
            caveats.Add($"{app.Name}'s service times are {(app.DemandSquaredCv > 1 ? "more" : "less")} variable than exponential (cv² = {app.DemandSquaredCv:0.##}), which MVA assumes");
        if (scenario.Farm.Servers.Any(s => s.Workers > 1))
            caveats.Add("servers of several workers are taken as Seidmann's equivalent (one worker as fast as all of them, plus a delay), an approximation");
        if (scenario.Farm.Apps.Count(a => a.HasUsers) > 1)
            caveats.Add("the other apps' load is taken as capacity lost to the population, not as queueing beside it");
        caveats.Add("percentile objectives are read as if response times were exponential");
        return caveats;
    }
}
