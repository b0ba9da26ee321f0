namespace FarmSim.Farm.Topology;

/// <summary>The rules of what happens to servers (events) and of how balancers find out (health checks).</summary>
internal static class OperationProblems
{
    public static void Add(List<ModelProblem> problems, FarmSpec farm, SimulationSettings? settings)
    {
        var servers = farm.Servers.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var zones = new Dictionary<string, ZoneSpec>(StringComparer.Ordinal);
        foreach (var z in farm.Zones) zones.TryAdd(z.Name, z); // a name given twice is reported elsewhere
        for (int i = 0; i < farm.Events.Count; i++)
        {
            var e = farm.Events[i];
            string at = $"events[{i}]";
            if (!(e.At >= 0) || (settings is not null && e.At >= settings.End))
                problems.Add(new($"{at}.at", settings is null ? $"is {e.At}s, expected zero or more" : $"is {TimeText.Of(e.At)}, expected a time within the run (0 to {TimeText.Of(settings.End)})"));
            string? zone = e switch { ServerEvent s => s.Zone, PublishEvent p => p.Zone, AppMoveEvent m => m.Zone, _ => null };
            if (zone is not null && !zones.ContainsKey(zone))
                problems.Add(new($"{at}.zone", $"names unknown zone '{zone}', expected one of {string.Join(", ", zones.Keys.Order(StringComparer.Ordinal))}"));
            switch (e)
            {
                case ServerEvent s:
                    ServerEventProblems(problems, farm, s, at, servers, zones);
                    break;
                case AppMoveEvent m when farm.Apps.All(a => a.Name != m.App):
                    problems.Add(new($"{at}.app", $"names unknown app '{m.App}', expected one of {string.Join(", ", farm.Apps.Select(a => a.Name))}"));
                    break;
                case PublishEvent p:
                    if (p.AtATime < 1) problems.Add(new($"{at}.at_a_time", $"is {p.AtATime}, expected 1 or more servers at a time, or all"));
                    if (!(p.Drain >= 0 && double.IsFinite(p.Drain))) problems.Add(new($"{at}.drain", $"is {p.Drain}s, expected zero or more"));
                    RestartProblems(problems, p.Restart, at);
                    break;
            }
        }
        // A crash and a return at the very same instant leave it unclear which came first.
        var lifecycle = farm.Events.Select((e, i) => (e, i)).Where(x => x.e is ServerEvent { Action: ServerAction.Down or ServerAction.Up or ServerAction.Drain });
        foreach (var clash in lifecycle.GroupBy(x => (((ServerEvent)x.e).Server, x.e.At)).Where(g => g.Select(x => ((ServerEvent)x.e).Action).Distinct().Count() > 1))
            problems.Add(new($"events[{clash.Last().i}].at", $"puts {clash.Key.Server} down and up at the same time ({TimeText.Of(clash.Key.At)}), expected one action per server and time"));
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
            if (farm.Zones[z].SlowStart is { } ramp)
            {
                string where = ramp.Envoy ? $"zones[{z}].slow_start.window" : $"zones[{z}].slow_start";
                if (!(ramp.Window > 0 && double.IsFinite(ramp.Window))) problems.Add(new(where, $"is {ramp.Window}s, expected more than zero"));
                if (!(ramp.Aggression > 0 && double.IsFinite(ramp.Aggression))) problems.Add(new($"zones[{z}].slow_start.aggression", $"is {ramp.Aggression}, expected more than zero"));
                if (!(ramp.MinWeight is >= 0 and <= 1)) problems.Add(new($"zones[{z}].slow_start.min_weight", $"is {ramp.MinWeight:0.##%}, expected a share from 0% to 100%"));
            }
            if (farm.Zones[z].LiveTraffic is { } live)
            {
                if (farm.Zones[z].OutlierDetection is not null)
                    problems.Add(new($"zones[{z}].outlier_detection", "is given with live_traffic, expected one passive check per zone (ARR's or Envoy's)"));
                if (live.MaxFailures < 1) problems.Add(new($"zones[{z}].live_traffic.max_failures", $"is {live.MaxFailures}, expected 1 or more"));
                if (!(live.Interval > 0 && double.IsFinite(live.Interval))) problems.Add(new($"zones[{z}].live_traffic.interval", $"is {live.Interval}s, expected more than zero"));
            }
            if (farm.Zones[z].OutlierDetection is { } o)
            {
                string od = $"zones[{z}].outlier_detection";
                if (o.Consecutive5xx < 1) problems.Add(new($"{od}.consecutive_5xx", $"is {o.Consecutive5xx}, expected 1 or more"));
                if (!(o.Interval > 0 && double.IsFinite(o.Interval))) problems.Add(new($"{od}.interval", $"is {o.Interval}s, expected more than zero"));
                if (!(o.BaseEjectionTime > 0 && double.IsFinite(o.BaseEjectionTime))) problems.Add(new($"{od}.base_ejection_time", $"is {o.BaseEjectionTime}s, expected more than zero"));
                if (!(o.MaxEjectionTime >= o.BaseEjectionTime && double.IsFinite(o.MaxEjectionTime))) problems.Add(new($"{od}.max_ejection_time", $"is {o.MaxEjectionTime}s, expected at least base_ejection_time ({o.BaseEjectionTime}s)"));
                if (!(o.MaxEjectionPercent is >= 0 and <= 1)) problems.Add(new($"{od}.max_ejection_percent", $"is {o.MaxEjectionPercent:0.##%}, expected a share from 0% to 100%"));
            }
            if (farm.Zones[z].HealthCheck is not { } check) continue;
            string at = $"zones[{z}].health_check";
            if (!(check.Interval > 0 && double.IsFinite(check.Interval))) problems.Add(new($"{at}.interval", $"is {check.Interval}s, expected more than zero"));
            if (check.Fall < 1) problems.Add(new($"{at}.fall", $"is {check.Fall}, expected 1 or more failed probes"));
            if (check.Rise < 1) problems.Add(new($"{at}.rise", $"is {check.Rise}, expected 1 or more good probes"));
            if (check.Timeout is { } timeout && !(timeout > 0 && double.IsFinite(timeout))) problems.Add(new($"{at}.timeout", $"is {timeout}s, expected more than zero"));
        }
    }

    private static void ServerEventProblems(List<ModelProblem> problems, FarmSpec farm, ServerEvent e, string at, HashSet<string> servers, Dictionary<string, ZoneSpec> zones)
    {
        if (!servers.Contains(e.Server))
        {
            problems.Add(new($"{at}.server", $"names unknown server '{e.Server}', expected one of {string.Join(", ", servers.Order(StringComparer.Ordinal))}"));
            return;
        }
        switch (e.Action)
        {
            case ServerAction.Drain when !(e.Delay >= 0 && double.IsFinite(e.Delay)):
                problems.Add(new($"{at}.delay", $"is {e.Delay}s, expected zero or more"));
                break;
            case ServerAction.Weight when !(e.Weight > 0 && double.IsFinite(e.Weight.Value)):
                problems.Add(new($"{at}.weight", $"is {e.Weight}, expected more than zero (to take a server out, drain it or have it leave its zone)"));
                break;
            case ServerAction.Recycle:
                RestartProblems(problems, e.Restart ?? RestartSpec.Recycle, at);
                break;
            case ServerAction.Leave when e.Zone is { } z && zones.TryGetValue(z, out var zone) && !farm.EverMembersOf(zone).Contains(e.Server):
                problems.Add(new($"{at}.server", $"leaves zone '{z}', which {e.Server} is never in, expected one of its servers ({string.Join(", ", farm.EverMembersOf(zone))})"));
                break;
        }
    }

    private static void RestartProblems(List<ModelProblem> problems, RestartSpec restart, string at)
    {
        if (!(restart.Time >= 0 && double.IsFinite(restart.Time))) problems.Add(new($"{at}.restart", $"is {restart.Time}s, expected zero or more"));
        if (!(restart.ColdFactor >= 1 && double.IsFinite(restart.ColdFactor))) problems.Add(new($"{at}.cold_start.factor", $"is {restart.ColdFactor}, expected 1 (no slowdown) or more"));
        if (!(restart.ColdFade > 0 && double.IsFinite(restart.ColdFade))) problems.Add(new($"{at}.cold_start.fade", $"is {restart.ColdFade}s, expected more than zero"));
    }
}
