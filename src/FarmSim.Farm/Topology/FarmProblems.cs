using FarmSim.Farm.Balancing;

namespace FarmSim.Farm.Topology;

/// <summary>
/// One thing wrong with a model, at <see cref="Path"/>: the list index path of the offending field
/// (<c>zones[1].servers[0]</c>), so a loader can point at the line it came from.
/// </summary>
public sealed record ModelProblem(string Path, string Message);

/// <summary>The rules every farm obeys, whoever built it (a scenario file, a test, a sweep).</summary>
public static class FarmProblems
{
    /// <summary>The most servers a farm may have (a request names its server in 16 bits).</summary>
    public const int MaxServers = short.MaxValue;

    /// <summary>The most demand sources a farm may have (a request names its source in 16 bits).</summary>
    public const int MaxDemandSources = short.MaxValue;

    /// <summary>
    /// A cycle of calls would never end: each is reported once, at the call that closes it. Only a
    /// user's request (not a server-side call) makes browser calls, so the walk carries which it is.
    /// </summary>
    private static IEnumerable<ModelProblem> CallCycles(FarmSpec farm)
    {
        // Duplicate names are reported elsewhere; here the first of them stands.
        var apps = new Dictionary<string, (AppSpec a, int i)>(StringComparer.Ordinal);
        for (int i = 0; i < farm.Apps.Count; i++) apps.TryAdd(farm.Apps[i].Name, (farm.Apps[i], i));
        var state = new Dictionary<(string, string, bool), int>(); // 1: on the path, 2: done
        var found = new List<ModelProblem>();
        void Visit(string app, string requestClass, bool user, List<(string Name, bool User)> path)
        {
            state[(app, requestClass, user)] = 1;
            var (spec, i) = apps[app];
            int c = spec.Classes!.ToList().FindIndex(x => x.Name == requestClass);
            var calls = spec.Classes![c].CallList.Select((x, k) => (x, $"calls[{k}]", false));
            if (user) calls = calls.Concat(spec.Classes![c].Browser.Select((x, k) => (x, $"browser[{k}]", true)));
            foreach (var (call, which, browser) in calls.ToList())
            {
                if (!apps.TryGetValue(call.App, out var target) || target.a.Classes?.Any(x => x.Name == call.Class) != true) continue;
                var next = (call.App, call.Class, browser);
                if (state.GetValueOrDefault(next) == 1)
                {
                    var walked = path.Append(($"{app}.{requestClass}", user)).ToList();
                    var loop = walked.Skip(walked.IndexOf(($"{call.App}.{call.Class}", browser))).Select(x => x.Item1).Append($"{call.App}.{call.Class}");
                    found.Add(new($"apps[{i}].classes[{c}].{which}", $"closes a cycle of calls ({string.Join(" -> ", loop)}), expected calls that end"));
                }
                else if (state.GetValueOrDefault(next) == 0) Visit(call.App, call.Class, browser, [.. path, ($"{app}.{requestClass}", user)]);
            }
            state[(app, requestClass, user)] = 2;
        }
        foreach (var app in farm.Apps.Where(a => a.Classes is not null))
            foreach (var rc in app.Classes!.DistinctBy(x => x.Name))
                if (state.GetValueOrDefault((app.Name, rc.Name, true)) == 0 && apps[app.Name].a == app) Visit(app.Name, rc.Name, true, []);
        return found;
    }

    public static List<ModelProblem> Of(FarmSpec farm, SimulationSettings? settings = null)
    {
        var problems = new List<ModelProblem>();
        if (!(farm.Proxy.Latency >= 0)) problems.Add(new("environment.proxy.latency", $"is {farm.Proxy.Latency}, expected zero or more"));
        if (farm.Proxy.Timeout is { } timeout && !(timeout > 0 && double.IsFinite(timeout))) problems.Add(new("environment.proxy.timeout", $"is {timeout}s, expected more than zero"));
        if (farm.Client is { } client)
        {
            if (!(client.Timeout > 0 && double.IsFinite(client.Timeout))) problems.Add(new("environment.client.timeout", $"is {client.Timeout}s, expected more than zero"));
            if (client.Retries is < 0 or > ClientSpec.MaxRetries) problems.Add(new("environment.client.retries", $"is {client.Retries}, expected 0 to {ClientSpec.MaxRetries}"));
            if (!(client.Backoff >= 0 && double.IsFinite(client.Backoff))) problems.Add(new("environment.client.backoff", $"is {client.Backoff}s, expected zero or more"));
        }

        var servers = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < farm.Servers.Count; i++)
        {
            var s = farm.Servers[i];
            string at = $"servers[{i}]";
            if (!servers.Add(s.Name)) problems.Add(new($"{at}.name", $"server '{s.Name}' is defined twice, expected unique names"));
            if (s.Workers < 1) problems.Add(new($"{at}.workers", $"is {s.Workers}, expected 1 or more"));
            if (s.QueueLimit is < 0) problems.Add(new($"{at}.queue_limit", $"is {s.QueueLimit}, expected 0 or more"));
            if (!(s.Speed > 0)) problems.Add(new($"{at}.speed", $"is {s.Speed}, expected more than zero"));
            if (!(s.Weight > 0 && double.IsFinite(s.Weight))) problems.Add(new($"{at}.weight", $"is {s.Weight}, expected more than zero"));
            if (s.Cores is < 1) problems.Add(new($"{at}.cores", $"is {s.Cores}, expected 1 or more"));
        }

        var zones = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < farm.Zones.Count; i++)
        {
            var z = farm.Zones[i];
            string at = $"zones[{i}]";
            if (!zones.Add(z.Name)) problems.Add(new($"{at}.name", $"zone '{z.Name}' is defined twice, expected unique names"));
            if (!BalancerCatalog.IsKnown(z.Balancer))
                problems.Add(new($"{at}.balancer", $"unknown algorithm '{z.Balancer}', expected one of {string.Join(", ", BalancerCatalog.Names)}"));
            var o = z.BalancerOptions;
            if (o.Draws is < 1 or > 1000) problems.Add(new($"{at}.balancer.draws", $"is {o.Draws}, expected 1 to 1000 servers drawn"));
            if (o.ChoiceCount is < 2 or > 1000) problems.Add(new($"{at}.balancer.choice_count", $"is {o.ChoiceCount}, expected 2 to 1000 hosts drawn (Envoy's least is 2)"));
            if (o.ActiveRequestBias is { } bias && !(bias >= 0 && double.IsFinite(bias))) problems.Add(new($"{at}.balancer.active_request_bias", $"is {bias}, expected zero or more"));
            if (o.Limit is < 1) problems.Add(new($"{at}.balancer.limit", $"is {o.Limit}, expected 1 or more requests"));
            if (o.Window is { } window && !(window > 0 && double.IsFinite(window))) problems.Add(new($"{at}.balancer.window", $"is {window}s, expected more than zero"));
            if (o.Decay is { } decay && !(decay > 0 && double.IsFinite(decay))) problems.Add(new($"{at}.balancer.decay", $"is {decay}s, expected more than zero"));
            if (o.Points is < 1 or > 10000) problems.Add(new($"{at}.balancer.points", $"is {o.Points}, expected 1 to 10000 points per unit of weight"));
            if (o.BalanceFactor is { } factor && !(factor >= 1 && double.IsFinite(factor))) problems.Add(new($"{at}.balancer.balance_factor", $"is {factor:0.##%}, expected 100% or more (a server may hold that share of the average)"));
            if (o.DefaultRtt is { } rtt && !(rtt >= 0 && double.IsFinite(rtt))) problems.Add(new($"{at}.balancer.default_rtt", $"is {rtt}s, expected zero or more"));
            if (z.Affinity?.Ttl is { } ttl && !(ttl > 0 && double.IsFinite(ttl))) problems.Add(new($"{at}.affinity.ttl", $"is {ttl}s, expected more than zero"));
            if (farm.MembersOf(z).Count == 0) problems.Add(new($"{at}.servers", $"zone '{z.Name}' has no servers, expected at least one"));
            if (z.Retries is < 0 or > ZoneSpec.MaxRetries) problems.Add(new($"{at}.retries", $"is {z.Retries}, expected 0 to {ZoneSpec.MaxRetries}"));
            var members = new HashSet<string>(StringComparer.Ordinal);
            for (int j = 0; j < z.Servers.Count; j++)
            {
                if (!servers.Contains(z.Servers[j]))
                    problems.Add(new($"{at}.servers[{j}]", $"zone '{z.Name}' lists unknown server '{z.Servers[j]}', expected one of {string.Join(", ", servers)}"));
                else if (!members.Add(z.Servers[j]))
                    problems.Add(new($"{at}.servers[{j}]", $"zone '{z.Name}' lists server '{z.Servers[j]}' twice"));
            }
        }

        var apps = new HashSet<string>(StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < farm.Apps.Count; i++)
        {
            var a = farm.Apps[i];
            string at = $"apps[{i}]";
            if (!apps.Add(a.Name)) problems.Add(new($"{at}.name", $"app '{a.Name}' is defined twice, expected unique names"));
            if (!zones.Contains(a.Zone))
                problems.Add(new($"{at}.zone", $"app '{a.Name}' is published to unknown zone '{a.Zone}', expected one of {string.Join(", ", zones)}"));
            if (!a.Path.StartsWith('/')) problems.Add(new($"{at}.path", $"'{a.Path}' does not start with '/', expected a path such as /{a.Name}"));
            else if (!paths.TryAdd(a.Path, a.Name))
                problems.Add(new($"{at}.path", $"path '{a.Path}' is already claimed by app '{paths[a.Path]}', expected each path to route to one app"));
            // An app reached only by calls (server-side or from the browser) has no arrivals of its own.
            bool called = farm.Apps.Any(caller => caller.Classes?.Any(c => c.CallList.Concat(c.Browser).Any(call => call.App == a.Name)) == true);
            if (a.Users is null && a.Sessions is null && a.Replay is null && (!(a.ArrivalRate > 0 || (a.ArrivalRate == 0 && called)) || double.IsInfinity(a.ArrivalRate)))
                problems.Add(new($"{at}.arrival.rate", $"is {a.ArrivalRate}/s, expected a rate above zero{(a.Classes is null ? "" : " (or calls from another app)")}"));
            WorkloadProblems.Add(problems, a, at, settings);
            if (a.Classes is null)
                foreach (var (field, problem) in a.Service.Problems())
                    problems.Add(new($"{at}.service.{field}", problem));
            else
            {
                var classes = new HashSet<string>(StringComparer.Ordinal);
                for (int c = 0; c < a.Classes.Count; c++)
                {
                    var rc = a.Classes[c];
                    if (!classes.Add(rc.Name)) problems.Add(new($"{at}.classes[{c}].name", $"class '{rc.Name}' is defined twice in app '{a.Name}', expected unique names"));
                    // A class only other apps call has no share of the app's own arrivals: 0% is fine.
                    if (!(rc.Share >= 0)) problems.Add(new($"{at}.classes[{c}].share", $"is {rc.Share:0.####}, expected zero or more"));
                    foreach (var (field, problem) in rc.Cpu?.Problems() ?? [])
                        problems.Add(new($"{at}.classes[{c}].cpu{(field is "value" or "mean" ? "" : "." + field)}", problem));
                    if (rc.Queries is < 0 or > 10000) problems.Add(new($"{at}.classes[{c}].db.queries", $"is {rc.Queries}, expected 0 to 10000"));
                    if (rc.Queries > 0 && farm.Databases.Count == 0)
                        problems.Add(new($"{at}.classes[{c}].db", $"class '{rc.Name}' queries a database, but the scenario has none, expected a database: section"));
                    foreach (var (field, problem) in rc.QueryTime?.Problems() ?? [])
                        problems.Add(new($"{at}.classes[{c}].db.time{(field is "value" or "mean" ? "" : "." + field)}", problem));
                    var everyCall = rc.CallList.Select((call, k) => (call, $"{at}.classes[{c}].calls[{k}]"))
                        .Concat(rc.Browser.Select((call, k) => (call, $"{at}.classes[{c}].browser[{k}]")));
                    foreach (var (call, where) in everyCall)
                    {
                        var target = farm.Apps.FirstOrDefault(x => x.Name == call.App);
                        if (target is null)
                            problems.Add(new($"{where}.app", $"calls unknown app '{call.App}', expected one of {string.Join(", ", farm.Apps.Select(x => x.Name))}"));
                        else if (target.Classes is null || target.Classes.All(x => x.Name != call.Class))
                            problems.Add(new($"{where}.class", $"calls unknown class '{call.Class}' of app '{call.App}', expected one of {string.Join(", ", target.Classes?.Select(x => x.Name) ?? [])} (an app called by class needs classes)"));
                        if (call.Count is < 1 or > 10000) problems.Add(new($"{where}.count", $"is {call.Count}, expected 1 to 10000"));
                        if (!(call.Probability > 0 && call.Probability <= 1)) problems.Add(new($"{where}.probability", $"is {call.Probability:0.####}, expected more than 0% and at most 100%"));
                    }
                    if (!(rc.ResponseBytes >= 0 && double.IsFinite(rc.ResponseBytes))) problems.Add(new($"{at}.classes[{c}].response", $"is {rc.ResponseBytes} bytes, expected zero or more"));
                    if (rc.CallList.Count > 255) problems.Add(new($"{at}.classes[{c}].calls", $"has {rc.CallList.Count} calls, expected at most 255"));
                    if (rc.Cpu is null && rc.Queries == 0 && rc.CallList.Count == 0 && rc.Browser.Count == 0)
                        problems.Add(new($"{at}.classes[{c}]", $"class '{rc.Name}' demands nothing, expected cpu, db queries, calls or browser calls"));
                }
                double total = a.Classes.Sum(rc => rc.Share);
                if (a.Classes.Count == 0) problems.Add(new($"{at}.classes", $"app '{a.Name}' has no classes, expected at least one"));
                else if (a.HasUsers && a.Sessions?.Navigation is null && Math.Abs(total - 1) > 1e-6)
                    problems.Add(new($"{at}.classes", $"the shares of app '{a.Name}' add up to {total * 100:0.##}%, expected 100%"));
            }
        }

        foreach (var problem in CallCycles(farm)) problems.Add(problem);
        if (farm.Servers.Count > MaxServers) problems.Add(new("servers", $"has {farm.Servers.Count} servers, expected at most {MaxServers}"));
        // Each call and browser-call edge draws from a demand source of its own, as do each app's users and retries.
        int sources = farm.Apps.Count * 2 + farm.Apps.Sum(a => a.Classes?.Sum(c => c.CallList.Count + c.Browser.Count) ?? 0);
        if (sources > MaxDemandSources)
            problems.Add(new("apps", $"has {sources} apps, call edges and browser-call edges in all, expected at most {MaxDemandSources}"));
        foreach (var (hop, spec) in new[] { ("user_to_proxy", farm.Hops.UserToProxy), ("to_zone", farm.Hops.ToZone), ("zone_to_server", farm.Hops.ZoneToServer), ("server_to_database", farm.Hops.ServerToDatabase) })
            foreach (var (field, problem) in spec?.Problems() ?? [])
                problems.Add(new($"environment.hops.{hop}{(field is "value" or "mean" ? "" : "." + field)}", problem));
        if (farm.Hops.UserBandwidth is { } bandwidth && !(bandwidth > 0 && double.IsFinite(bandwidth)))
            problems.Add(new("environment.hops.user_bandwidth", $"is {bandwidth} bytes/s, expected more than zero"));
        if (farm.Hops.ToZone is not null && farm.Proxy.Latency > 0)
            problems.Add(new("environment.proxy.latency", "is given together with hops.to_zone, expected one of them"));

        var databaseNames = new HashSet<string>(StringComparer.Ordinal);
        for (int d = 0; d < farm.Databases.Count; d++)
        {
            var db = farm.Databases[d];
            if (!databaseNames.Add(db.Name)) problems.Add(new($"database[{d}].name", $"database '{db.Name}' is defined twice, expected unique names"));
            if (db.Connections < 1) problems.Add(new($"database[{d}].connections", $"is {db.Connections}, expected 1 or more"));
            if (db.Workers < 1) problems.Add(new($"database[{d}].workers", $"is {db.Workers}, expected 1 or more"));
            if (db.Cores < 1) problems.Add(new($"database[{d}].cores", $"is {db.Cores}, expected 1 or more"));
        }
        for (int i = 0; i < farm.Apps.Count; i++)
            if (farm.Apps[i].Database is { } named && !databaseNames.Contains(named))
                problems.Add(new($"apps[{i}].database", farm.Databases.Count == 0
                    ? $"names database '{named}', but the scenario has none, expected a database: section"
                    : $"names unknown database '{named}', expected one of {string.Join(", ", farm.Databases.Select(x => x.Name).Distinct())}"));

        OperationProblems.Add(problems, farm, settings);
        if (settings is not null)
        {
            if (!(settings.Duration > 0)) problems.Add(new("simulation.duration", $"is {settings.Duration}s, expected more than zero"));
            if (!(settings.Warmup >= 0)) problems.Add(new("simulation.warmup", $"is {settings.Warmup}s, expected zero or more"));
            if (settings.Replications < 1) problems.Add(new("simulation.replications", $"is {settings.Replications}, expected 1 or more"));
            if (settings.Window is { } window && !(window > 0)) problems.Add(new("simulation.window", $"is {window}s, expected more than zero"));
            else if (settings.Window is { } w && settings.End / w > 100_000)
                problems.Add(new("simulation.window", $"makes {settings.End / w:0} windows, expected at most 100000 (a longer window)"));
        }
        return problems;
    }
}
