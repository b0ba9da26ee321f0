using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios.Sections;

/// <summary>What is legal but suspicious, said as warnings once the scenario has no error.</summary>
internal static class ScenarioWarnings
{
    /// <summary>Where a zone was written; for the implicit Global zone, where its first app was.</summary>
    private static YamlNode? ZoneNode(ScenarioReader reader, FarmSpec farm, ZoneSpec zone)
    {
        int written = farm.Zones.ToList().IndexOf(zone);
        if (reader.WrittenNodeOf($"zones[{written}]") is { } node) return node;
        int app = farm.Apps.ToList().FindIndex(a => a.Zone == zone.Name);
        return app >= 0 ? reader.NodeOf($"apps[{app}]") : null;
    }

    /// <summary>What is legal but suspicious: overload, servers no zone uses, a warm-up longer than the run.</summary>
    public static void Warn(ScenarioReader reader, Scenario scenario, YamlNode root)
    {
        var farm = scenario.Farm;
        var settings = scenario.Simulation;
        if (settings.Warmup > settings.Duration)
            reader.Warning(reader.NodeOf("simulation.warmup") ?? root,
                $"the warm-up ({Units.FormatDuration(settings.Warmup)}) is longer than the measured duration ({Units.FormatDuration(settings.Duration)}); most of the run will be discarded");

        // Offered load is judged at each app's peak, when its load changes over the run.
        string peak = farm.Apps.Any(a => a.Profile is not null || a.Users?.Profile is not null || a.Sessions?.Profile is not null) ? " at its peak" : "";
        foreach (var load in OfferedLoad.PerZone(farm))
            if (load.Offered > load.Capacity)
                reader.Warning(ZoneNode(reader, farm, load.Zone) ?? root,
                    $"zone '{load.Zone.Name}' is offered {load.Offered:0.##} busy workers of work{peak} but its servers have {load.Capacity:0.##} (workers × speed): its queues will grow until requests are rejected");
        var total = OfferedLoad.Farm(farm);
        if (total.Offered > total.Capacity)
            reader.Warning(reader.NodeOf("apps") ?? root,
                $"the farm is offered {total.Offered:0.##} busy workers of work{peak} but has {total.Capacity:0.##} (workers × speed) in all");

        var used = farm.Zones.SelectMany(farm.MembersOf).ToHashSet();
        for (int i = 0; i < farm.Servers.Count; i++)
            if (!used.Contains(farm.Servers[i].Name))
                reader.Warning(reader.NodeOf($"servers[{i}]") ?? root,
                    $"server '{farm.Servers[i].Name}' is in no zone, so no request will reach it");

        // Settings that would change nothing are most likely a mistake.
        for (int z = 0; z < farm.Zones.Count; z++)
        {
            var kind = Farm.Balancing.BalancerCatalog.Kind(farm.Zones[z].Balancer);
            if (kind is null || kind.UsesWeights) continue;
            var weighted = farm.MembersOf(farm.Zones[z]).Where(n => farm.Servers.First(s => s.Name == n).Weight != 1).ToList();
            if (weighted.Count > 0)
                reader.Warning(ZoneNode(reader, farm, farm.Zones[z]) ?? root,
                    $"zone '{farm.Zones[z].Name}' balances with {kind.Name}, which uses no weights, so the weights of {string.Join(", ", weighted)} change nothing there");
        }
        for (int z = 0; z < farm.Zones.Count; z++) NothingToFollow(reader, farm, farm.Zones[z], ZoneNode(reader, farm, farm.Zones[z]) ?? root);
        for (int a = 0; a < farm.Apps.Count; a++)
            for (int c = 0; c < (farm.Apps[a].Classes?.Count ?? 0); c++)
                if (farm.Apps[a].Classes![c].ResponseBytes > 0 && farm.Hops.UserBandwidth is null
                    && !farm.Zones.Any(z => z.Name == farm.Apps[a].Zone && z.Balancer == Farm.Balancing.BalancerCatalog.WeightedTotalTrafficName))
                    reader.Warning(reader.NodeOf($"apps[{a}].classes[{c}].response") ?? root,
                        $"class '{farm.Apps[a].Classes![c].Name}' gives a response size, but environment.hops has no user_bandwidth, so it takes no time");
        for (int d = 0; d < farm.Databases.Count; d++)
            if (!farm.Apps.Any(a => farm.DatabaseOf(a) == d && a.Classes?.Any(c => c.Queries > 0) == true))
                reader.Warning(reader.NodeOf($"database[{d}]") ?? root, $"no class queries database '{farm.Databases[d].Name}'");
    }

    /// <summary>Sticky sessions or a hash that would follow nothing: every client is new, or every URL the same.</summary>
    private static void NothingToFollow(ScenarioReader reader, FarmSpec farm, ZoneSpec zone, YamlNode node)
    {
        var apps = farm.Apps.Where(a => a.Zone == zone.Name && a.HasUsers).ToList();
        if (apps.Count == 0) return;
        bool returning = apps.Any(a => a.Users is not null || a.Sessions is not null);
        if (zone.Affinity is { } affinity && !returning)
            reader.Warning(node, $"zone '{zone.Name}' has sticky sessions, but its apps' requests come from open streams, each from a visitor of its own who never comes back, so {(affinity.By == AffinityBy.Source ? "only server-side calls stick" : "nothing sticks")}");
        if (zone.Balancer == Farm.Balancing.BalancerCatalog.WeightedTotalTrafficName && !apps.Any(a => a.Classes?.Any(c => c.ResponseBytes > 0) == true))
            reader.Warning(node, $"zone '{zone.Name}' balances by bytes (weighted-total-traffic), but no class of its apps gives a response size, so it counts only the requests it sends (1 KB each): weighted round robin by another name");
        var kind = Farm.Balancing.BalancerCatalog.Kind(zone.Balancer);
        if (kind is null || !kind.Parameters.Contains("key")) return;
        if ((zone.BalancerOptions.HashKey ?? Farm.Balancing.HashKey.Source) == Farm.Balancing.HashKey.Source)
        {
            if (!returning)
                reader.Warning(node, $"zone '{zone.Name}' hashes the client's address, but its apps' requests come from open streams, each from a client of its own, so the hash spreads them as a random draw would");
        }
        else
            foreach (var app in apps.Where(a => (a.Classes?.Count ?? 0) <= 1))
                reader.Warning(node, $"zone '{zone.Name}' hashes the URL (app and class), but app '{app.Name}' has {(app.Classes is null ? "no classes" : "one class")}, so all its requests go to one server");
    }
}
