namespace FarmSim.Farm.Topology;

/// <summary>The rules of what happens to servers (events) and of how balancers find out (health checks).</summary>
internal static class OperationProblems
{
    public static void Add(List<ModelProblem> problems, FarmSpec farm, SimulationSettings? settings)
    {
        var servers = farm.Servers.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < farm.Events.Count; i++)
        {
            var e = farm.Events[i];
            string at = $"events[{i}]";
            if (!servers.Contains(e.Server))
                problems.Add(new($"{at}.server", $"names unknown server '{e.Server}', expected one of {string.Join(", ", servers.Order(StringComparer.Ordinal))}"));
            if (!(e.At >= 0) || (settings is not null && e.At >= settings.End))
                problems.Add(new($"{at}.at", settings is null ? $"is {e.At}s, expected zero or more" : $"is {TimeText.Of(e.At)}, expected a time within the run (0 to {TimeText.Of(settings.End)})"));
        }
        // A crash and a return at the very same instant leave it unclear which came first.
        foreach (var clash in farm.Events.Select((e, i) => (e, i)).GroupBy(x => (x.e.Server, x.e.At)).Where(g => g.Select(x => x.e.Action).Distinct().Count() > 1))
            problems.Add(new($"events[{clash.Last().i}].at", $"puts {clash.Key.Server} down and up at the same time ({TimeText.Of(clash.Key.At)}), expected one action per server and time"));
        for (int i = 0; i < farm.Events.Count; i++)
            if (farm.Events[i].Action == ServerAction.Drain && !(farm.Events[i].Delay >= 0 && double.IsFinite(farm.Events[i].Delay)))
                problems.Add(new($"events[{i}].delay", $"is {farm.Events[i].Delay}s, expected zero or more"));
        for (int i = 0; i < farm.Servers.Count; i++)
        {
            if (farm.Servers[i].Failures is not { } f) continue;
            foreach (var (field, problem) in f.Between.Problems()) problems.Add(new($"servers[{i}].failures.between.{field}", problem));
            foreach (var (field, problem) in f.Repair.Problems()) problems.Add(new($"servers[{i}].failures.repair.{field}", problem));
        }
        for (int z = 0; z < farm.Zones.Count; z++)
        {
            if (!(farm.Zones[z].PanicThreshold is >= 0 and <= 1))
                problems.Add(new($"zones[{z}].panic_threshold", $"is {farm.Zones[z].PanicThreshold:0.##%}, expected a share from 0% to 100%"));
            if (!(farm.Zones[z].SlowStart >= 0 && double.IsFinite(farm.Zones[z].SlowStart)))
                problems.Add(new($"zones[{z}].slow_start", $"is {farm.Zones[z].SlowStart}s, expected zero or more"));
            if (farm.Zones[z].HealthCheck is not { } check) continue;
            string at = $"zones[{z}].health_check";
            if (!(check.Interval > 0 && double.IsFinite(check.Interval))) problems.Add(new($"{at}.interval", $"is {check.Interval}s, expected more than zero"));
            if (check.Fall < 1) problems.Add(new($"{at}.fall", $"is {check.Fall}, expected 1 or more failed probes"));
            if (check.Rise < 1) problems.Add(new($"{at}.rise", $"is {check.Rise}, expected 1 or more good probes"));
        }
    }
}
