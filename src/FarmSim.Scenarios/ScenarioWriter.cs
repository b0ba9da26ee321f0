using FarmSim.Farm.Balancing;
using System.Globalization;
using System.Text.Json.Nodes;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Topology;

namespace FarmSim.Scenarios;

/// <summary>
/// Writes a scenario back in the scenario format with every default spelt out: the resolved
/// scenario of <c>run.json</c>. Times are written in seconds and rates per second with round-trip
/// precision, so loading the result gives back exactly the same model.
/// </summary>
public static class ScenarioWriter
{
    /// <param name="levels">The objectives to keep with it (its slo: section), so that a report of the run can judge them.</param>
    public static JsonObject ToJson(Scenario scenario, IReadOnlyList<Farm.Metrics.ServiceLevel>? levels = null)
    {
        var farm = scenario.Farm;
        var s = scenario.Simulation;
        var json = new JsonObject { ["name"] = scenario.Name };
        if (scenario.Description is not null) json["description"] = scenario.Description;
        json["simulation"] = new JsonObject
        {
            ["duration"] = Seconds(s.Duration),
            ["warmup"] = Seconds(s.Warmup),
            ["replications"] = s.Replications,
            ["seed"] = s.Seed,
            ["window"] = Seconds(s.WindowOrDefault),
            ["max_in_flight"] = s.MaxInFlight,
        };
        json["environment"] = new JsonObject
        {
            ["address"] = farm.Proxy.Address,
            ["proxy"] = new JsonObject { ["latency"] = Seconds(farm.Proxy.Latency) }.Also(p =>
            {
                if (farm.Proxy.Timeout is { } timeout) p["timeout"] = Seconds(timeout);
            }),
        }.Also(e =>
        {
            var hops = new JsonObject();
            foreach (var (key, spec) in new[] { ("user_to_proxy", farm.Hops.UserToProxy), ("to_zone", farm.Hops.ToZone), ("zone_to_server", farm.Hops.ZoneToServer), ("server_to_database", farm.Hops.ServerToDatabase) })
                if (spec is not null) hops[key] = Distribution(spec);
            if (farm.Hops.UserBandwidth is { } bandwidth) hops["user_bandwidth"] = $"{R(bandwidth)}B/s";
            if (hops.Count > 0) e["hops"] = hops;
            if (farm.Client is { } client)
                e["client"] = new JsonObject { ["timeout"] = Seconds(client.Timeout), ["retries"] = client.Retries, ["backoff"] = Seconds(client.Backoff) };
        });
        json["servers"] = new JsonArray(farm.Servers.Select(server => (JsonNode)new JsonObject
        {
            ["name"] = server.Name,
            ["workers"] = server.Workers,
            ["queue_limit"] = server.QueueLimit is { } limit ? JsonValue.Create(limit) : JsonValue.Create("unlimited"),
            ["speed"] = server.Speed,
            ["weight"] = server.Weight,
        }.Also(j =>
        {
            if (server.Cores is { } cores) j["cores"] = cores;
            if (server.Failures is { } f) j["failures"] = new JsonObject { ["between"] = Distribution(f.Between), ["repair"] = Distribution(f.Repair) };
        })).ToArray());
        json["zones"] = new JsonArray(farm.Zones.Select(zone =>
        {
            var z = new JsonObject { ["name"] = zone.Name };
            if (zone.Address is not null) z["address"] = zone.Address;
            z["servers"] = zone.HoldsAllServers ? JsonValue.Create("all") : new JsonArray(zone.Servers.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
            var options = zone.BalancerOptions;
            z["balancer"] = options == BalancerOptions.None ? zone.Balancer : new JsonObject { ["algorithm"] = zone.Balancer }.Also(b =>
            {
                if (options.Draws is { } draws) b["draws"] = draws;
                if (options.ChoiceCount is { } choices) b["choice_count"] = choices;
                if (options.ActiveRequestBias is { } bias) b["active_request_bias"] = bias;
                if (options.Limit is { } limit) b["limit"] = limit;
                if (options.Window is { } window) b["window"] = Seconds(window);
                if (options.Decay is { } decay) b["decay"] = Seconds(decay);
                if (options.DefaultRtt is { } rtt) b["default_rtt"] = Seconds(rtt);
                if (options.HashKey is { } key) b["key"] = key == HashKey.Uri ? "uri" : "source";
                if (options.Points is { } points) b["points"] = points;
                if (options.BalanceFactor is { } factor) b["balance_factor"] = factor;
            });
            if (zone.Retries > 0) z["retries"] = zone.Retries;
            z["health_check"] = zone.HealthCheck is { } check
                ? new JsonObject { ["interval"] = Seconds(check.Interval), ["fall"] = check.Fall, ["rise"] = check.Rise }.Also(h => { if (check.Timeout is { } t) h["timeout"] = Seconds(t); })
                : JsonValue.Create("none");
            if (zone.SlowStart is { } ramp)
                z["slow_start"] = ramp.Envoy
                    ? new JsonObject { ["window"] = Seconds(ramp.Window), ["aggression"] = ramp.Aggression, ["min_weight"] = ramp.MinWeight }
                    : Seconds(ramp.Window);
            if (zone.PanicThreshold > 0) z["panic_threshold"] = zone.PanicThreshold;
            if (zone.LiveTraffic is { } live) z["live_traffic"] = new JsonObject { ["max_failures"] = live.MaxFailures, ["interval"] = Seconds(live.Interval) };
            if (zone.OutlierDetection is { } o)
                z["outlier_detection"] = new JsonObject
                {
                    ["consecutive_5xx"] = o.Consecutive5xx, ["interval"] = Seconds(o.Interval), ["base_ejection_time"] = Seconds(o.BaseEjectionTime),
                    ["max_ejection_time"] = Seconds(o.MaxEjectionTime), ["max_ejection_percent"] = o.MaxEjectionPercent,
                };
            if (zone.Affinity is { } affinity)
                z["affinity"] = new JsonObject { ["by"] = affinity.By == AffinityBy.Source ? "source" : "cookie" }.Also(a => { if (affinity.Ttl is { } ttl) a["ttl"] = Seconds(ttl); });
            return (JsonNode)z;
        }).ToArray());
        // One database is written as a mapping, as files do, so --set database.workers=… works on a run.json too.
        JsonNode DatabaseJson(DatabaseSpec db) => new JsonObject
        {
            ["name"] = db.Name, ["connections"] = db.Connections, ["pool"] = db.PerServerPool ? DatabaseSpec.PerServer : DatabaseSpec.Total, ["workers"] = db.Workers,
        }.Also(j =>
        {
            if (db.Cores is { } cores) j["cores"] = cores;
        });
        if (farm.Databases.Count == 1) json["database"] = DatabaseJson(farm.Databases[0]);
        else if (farm.Databases.Count > 1) json["database"] = new JsonArray(farm.Databases.Select(DatabaseJson).ToArray());
        json["apps"] = new JsonArray(farm.Apps.Select(app => (JsonNode)new JsonObject
        {
            ["name"] = app.Name,
            ["path"] = app.Path,
            ["zone"] = app.Zone,
        }.Also(j =>
        {
            if (app.Database is not null) j["database"] = app.Database;
            if (app.Users is { } users)
                j["users"] = new JsonObject { ["count"] = users.Count, ["think"] = Distribution(users.Think) }.Also(u => AddProfile(u, users.Profile));
            else if (app.Sessions is { } sessions)
                j["sessions"] = new JsonObject { ["rate"] = $"{R(sessions.Rate)}/s", ["think"] = Distribution(sessions.Think) }.Also(x =>
                {
                    if (sessions.Pages is { } pages) x["pages"] = pages.Geometric ? new JsonObject { ["mean"] = pages.Mean } : (int)pages.Mean;
                    if (sessions.Navigation is { } navigation) x["navigation"] = Navigation(navigation);
                    AddProfile(x, sessions.Profile);
                    AddRandomBursts(x, sessions.RandomBursts);
                });
            else if (app.Replay is { } replay)
                j["arrival"] = new JsonObject
                {
                    ["replay"] = new JsonArray(replay.Logs.Select(l => (JsonNode)JsonValue.Create(Path.GetFullPath(l))!).ToArray()),
                    ["demands"] = replay.LoggedDemands ? "logged" : "model",
                    ["scale"] = replay.Factor,
                }.Also(r =>
                {
                    if (replay.Excludes.Count > 0) r["exclude"] = new JsonArray(replay.Excludes.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray());
                    if (replay.NginxFormat is { } format) r["nginx_format"] = format;
                    if (replay.UtcOffset != 0) r["utc_offset"] = $"{(replay.UtcOffset < 0 ? "-" : "+")}{TimeSpan.FromSeconds(Math.Abs(replay.UtcOffset)):hh\\:mm}";
                });
            else if (app.ArrivalRate > 0 || app.Classes is null)
                j["arrival"] = new JsonObject { ["rate"] = $"{R(app.ArrivalRate)}/s" }.Also(a =>
                {
                    AddProfile(a, app.Profile);
                    AddRandomBursts(a, app.RandomBursts);
                });
            if (app.Classes is null) j["service"] = Distribution(app.Service);
            else
                j["classes"] = new JsonArray(app.Classes.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name,
                    ["share"] = c.Share,
                }.Also(k =>
                {
                    if (c.Cpu is not null) k["cpu"] = Distribution(c.Cpu);
                    if (c.Queries > 0) k["db"] = new JsonObject { ["queries"] = c.Queries, ["time"] = Distribution(c.QueryTime!) };
                    if (c.CallList.Count > 0) k["calls"] = Calls(c.CallList);
                    if (c.Browser.Count > 0) k["browser"] = Calls(c.Browser);
                    if (c.ResponseBytes > 0) k["response"] = $"{R(c.ResponseBytes)}B";
                })).ToArray());
        })).ToArray());
        if (farm.Events.Count > 0) json["events"] = new JsonArray(farm.Events.Select(Event).ToArray());
        if (levels is { Count: > 0 }) json["slo"] = new JsonArray(levels.Select(l => (JsonNode)l.Text).ToArray());
        return json;
    }

    /// <summary>One event as the loader reads it back: the fields of its action, defaults included.</summary>
    private static JsonNode Event(FarmEvent e)
    {
        var json = new JsonObject { ["at"] = Seconds(e.At) };
        void Restart(RestartSpec r)
        {
            json["restart"] = Seconds(r.Time);
            json["cold_start"] = new JsonObject { ["factor"] = r.ColdFactor, ["fade"] = Seconds(r.ColdFade) };
        }
        switch (e)
        {
            case AppMoveEvent m:
                json["action"] = "move";
                json["app"] = m.App;
                json["zone"] = m.Zone;
                break;
            case PublishEvent p:
                json["action"] = "publish";
                json["zone"] = p.Zone;
                json["at_a_time"] = p.AtATime is { } n ? JsonValue.Create(n) : JsonValue.Create("all");
                json["drain"] = Seconds(p.Drain);
                Restart(p.Restart);
                break;
            case ServerEvent s:
                json["action"] = s.Action.ToString().ToLowerInvariant();
                json["server"] = s.Server;
                if (s.Action == ServerAction.Drain) json["delay"] = Seconds(s.Delay);
                if (s.Weight is { } w) json["weight"] = w;
                if (s.Zone is { } z) json["zone"] = z;
                if (s.Restart is { } r) Restart(r);
                break;
        }
        return json;
    }

    /// <summary>A profile as factors on the rate (a profile of rates was turned into factors on its largest), its bursts beside it.</summary>
    private static void AddProfile(JsonObject owner, LoadProfile? profile)
    {
        if (profile is null) return;
        // Written even when flat (bursts alone): a profile, however plain, is drawn as one and must come back as one.
        owner["profile"] = new JsonObject
            {
                ["shape"] = profile.Shape == ProfileShape.Steps ? "steps" : "linear",
                ["points"] = new JsonArray(profile.Points.Select(p => (JsonNode)new JsonArray(Seconds(p.Time), p.Factor)).ToArray()),
            }.Also(j => { if (profile.Repeat is { } repeat) j["repeat"] = Seconds(repeat); });
        if (profile.Bursts.Count > 0)
            owner["bursts"] = new JsonArray(profile.Bursts.Select(b => (JsonNode)new JsonObject
            {
                ["at"] = Seconds(b.At), ["for"] = Seconds(b.For), ["factor"] = b.Factor,
            }).ToArray());
    }

    private static void AddRandomBursts(JsonObject owner, RandomBursts? bursts)
    {
        if (bursts is not null)
            owner["random_bursts"] = new JsonObject { ["factor"] = bursts.Factor, ["calm"] = Seconds(bursts.Calm), ["burst"] = Seconds(bursts.Bursting) };
    }

    private static JsonObject Navigation(NavigationSpec navigation)
    {
        JsonObject Steps(IEnumerable<NavigationStep> steps) =>
            new(steps.Select(s => KeyValuePair.Create(s.To ?? NavigationSpec.Leave, (JsonNode?)JsonValue.Create(s.Share))));
        var json = new JsonObject { ["start"] = Steps(navigation.Start) };
        foreach (var (from, steps) in navigation.From) json[from] = Steps(steps);
        return json;
    }

    private static JsonArray Calls(IEnumerable<CallSpec> calls) => new(calls.Select(call => (JsonNode)new JsonObject
    {
        ["app"] = call.App, ["class"] = call.Class, ["count"] = call.Count, ["probability"] = call.Probability,
    }).ToArray());

    /// <summary>Adds the fields that are only sometimes there, keeping the object's own order.</summary>
    internal static JsonObject Also(this JsonObject json, Action<JsonObject> add)
    {
        add(json);
        return json;
    }

    private static JsonObject Distribution(DistributionSpec d)
    {
        var json = new JsonObject { ["distribution"] = d.Kind.ToString().ToLowerInvariant() };
        switch (d.Kind)
        {
            case DistributionKind.Constant: json["value"] = Seconds(d.Mean); break;
            case DistributionKind.Uniform: json["min"] = Seconds(d.Min); json["max"] = Seconds(d.Max); break;
            default: json["mean"] = Seconds(d.Mean); break;
        }
        if (d.Kind is DistributionKind.LogNormal or DistributionKind.Gamma) json["cv"] = d.Cv;
        if (d.Kind is DistributionKind.Erlang) json["k"] = d.K;
        if (d.Kind is DistributionKind.Weibull) json["shape"] = d.Shape;
        if (d.Kind is DistributionKind.Empirical)
        {
            json.Remove("mean");
            json["quantiles"] = new JsonArray(d.Quantiles!.Select(q => (JsonNode)new JsonArray(q.P, Seconds(q.Value))).ToArray());
        }
        return json;
    }

    private static string Seconds(double seconds) => $"{R(seconds)}s";

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
