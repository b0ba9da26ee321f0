using FarmSim.Farm.Balancing;
using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;
using static FarmSim.Scenarios.ScenarioFormat;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads <c>zones:</c> and <c>zone_defaults:</c>, with their balancers.</summary>
internal static class ZoneSection
{
    /// <param name="address">The environment address, which the implicit Global zone answers on.</param>
    public static List<ZoneSpec> Read(ScenarioReader reader, Fields top, string address)
    {
        var defaults = top.Get("zone_defaults") is { } zd ? reader.Mapping(zd, "zone_defaults", ZoneDefaults) : null;
        BalancerOf(reader, defaults);
        var zones = new List<ZoneSpec>();
        if (top.Get("zones") is { } zoneList)
        {
            var items = reader.Sequence(zoneList, "zones");
            for (int i = 0; i < items.Count; i++)
                if (ReadZone(reader, items[i], $"zones[{i}]", defaults) is { } zone)
                {
                    // An item that is not a zone is skipped: the model's zones[k] is then the file's zones[i].
                    reader.Alias($"zones[{zones.Count}]", $"zones[{i}]");
                    zones.Add(zone);
                }
        }
        // The Global zone exists on every farm, written or not, and holds every server. It goes
        // last so the written zones keep their positions (zones[i]) for error messages.
        if (!zones.Any(z => z.Name == ZoneSpec.Global))
        {
            var (algorithm, options) = BalancerOf(reader, defaults);
            zones.Add(new ZoneSpec(ZoneSpec.Global, address, [], algorithm ?? BalancerCatalog.RoundRobin, AllServers: true,
                Retries: defaults?.Integer("retries") ?? 0).WithChecks(reader, defaults) with { BalancerOptions = options });
        }
        return zones;
    }

    private static ZoneSpec? ReadZone(ScenarioReader reader, YamlNode node, string path, Fields? defaults)
    {
        var fields = reader.Mapping(node, path, Zone, defaults);
        if (fields is null) return null;
        string name = fields.Text("name", required: true, expected: "the zone's name") ?? "";

        var servers = new List<string>();
        bool all = false;
        if (fields.Get("servers") is { } list)
        {
            if (list is YamlScalarNode { Value: "all" }) all = true;
            else
            {
                var items = reader.Sequence(list, fields.Child("servers"));
                for (int i = 0; i < items.Count; i++)
                {
                    reader.Remember($"{path}.servers[{i}]", items[i]);
                    if (items[i] is YamlScalarNode { Value: { } server }) servers.Add(server);
                    else reader.Error(items[i], $"'{path}.servers[{i}]' is {ScenarioReader.KindOf(items[i])}, expected a server name");
                }
            }
        }
        else if (name != ZoneSpec.Global)
            fields.Get("servers", required: true, expected: "a list of server names, or all");

        var (algorithm, options) = BalancerOf(reader, fields);
        return new ZoneSpec(name, fields.Text("address", expected: "the zone's host name"), servers,
            algorithm ?? BalancerCatalog.RoundRobin, all, fields.Integer("retries") ?? 0).WithChecks(reader, fields) with { BalancerOptions = options };
    }

    /// <summary>How the zone's balancer finds out: its active checks, slow start, panic threshold and passive check.</summary>
    private static ZoneSpec WithChecks(this ZoneSpec zone, ScenarioReader reader, Fields? fields) => zone with
    {
        HealthCheck = HealthCheckOf(reader, fields),
        SlowStart = SlowStartOf(reader, fields),
        PanicThreshold = fields?.Number("panic_threshold") ?? 0,
        LiveTraffic = fields?.Get("live_traffic") is { } live && reader.Mapping(live, fields.Child("live_traffic"), LiveTraffic) is { } l
            ? new LiveTrafficSpec(l.Integer("max_failures", required: true) ?? 1, l.Duration("interval", required: true) ?? 1)
            : null,
        OutlierDetection = OutliersOf(reader, fields),
        Affinity = AffinityOf(reader, fields),
    };

    /// <summary>Sticky sessions: by cookie or source address until the visit ends, or a mapping with a time to live.</summary>
    private static AffinitySpec? AffinityOf(ScenarioReader reader, Fields? fields)
    {
        if (fields?.Get("affinity") is not { } node) return null;
        if (node is not YamlMappingNode)
            return fields.Choice("affinity", ["cookie", "source", "none"]) switch
            {
                "cookie" => new AffinitySpec(AffinityBy.Cookie),
                "source" => new AffinitySpec(AffinityBy.Source),
                _ => null,
            };
        if (reader.Mapping(node, fields.Child("affinity"), ScenarioFormat.Affinity) is not { } a) return null;
        a.Get("by", required: true, expected: "cookie or source");
        var by = a.Choice("by", ["cookie", "source"]) == "source" ? AffinityBy.Source : AffinityBy.Cookie;
        return new AffinitySpec(by, a.Duration("ttl"));
    }

    /// <summary>A duration: HAProxy's and NGINX's linear ramp; a mapping: Envoy's, its defaults where it is silent.</summary>
    private static SlowStartSpec? SlowStartOf(ScenarioReader reader, Fields? fields)
    {
        if (fields?.Get("slow_start") is not { } node) return null;
        if (node is not YamlMappingNode)
            return fields.Duration("slow_start") is { } window and not 0 ? new SlowStartSpec(window) : null;
        if (reader.Mapping(node, fields.Child("slow_start"), ScenarioFormat.SlowStart) is not { } ramp) return null;
        var d = SlowStartSpec.EnvoyOf(ramp.Duration("window", required: true) ?? 1);
        return d with { Aggression = ramp.Number("aggression") ?? d.Aggression, MinWeight = ramp.Number("min_weight") ?? d.MinWeight };
    }

    private static OutlierDetectionSpec? OutliersOf(ScenarioReader reader, Fields? fields)
    {
        if (fields?.Get("outlier_detection") is not { } node) return null;
        var d = OutlierDetectionSpec.Envoy;
        if (node is not YamlMappingNode) return fields.Choice("outlier_detection", ["envoy"]) is null ? null : d;
        if (reader.Mapping(node, fields.Child("outlier_detection"), OutlierDetection) is not { } o) return null;
        return new OutlierDetectionSpec(o.Integer("consecutive_5xx") ?? d.Consecutive5xx, o.Duration("interval") ?? d.Interval,
            o.Duration("base_ejection_time") ?? d.BaseEjectionTime, o.Duration("max_ejection_time") ?? d.MaxEjectionTime, o.Number("max_ejection_percent") ?? d.MaxEjectionPercent);
    }

    /// <summary>A zone's health checks: a product's defaults by name, none, or a mapping (HAProxy's defaults where it is silent).</summary>
    private static HealthCheckSpec? HealthCheckOf(ScenarioReader reader, Fields? fields)
    {
        if (fields?.Get("health_check") is not { } node) return HealthCheckSpec.HAProxy;
        if (node is YamlMappingNode)
        {
            var check = reader.Mapping(node, fields.Child("health_check"), HealthCheck);
            if (check is null) return HealthCheckSpec.HAProxy;
            var d = HealthCheckSpec.HAProxy;
            return new HealthCheckSpec(check.Duration("interval") ?? d.Interval, check.Integer("fall") ?? d.Fall, check.Integer("rise") ?? d.Rise, check.Duration("timeout"));
        }
        return fields.Choice("health_check", ["haproxy", "arr", "none"]) switch
        {
            "arr" => HealthCheckSpec.Arr,
            "none" => null,
            _ => HealthCheckSpec.HAProxy,
        };
    }

    /// <summary>
    /// The algorithm of a <c>balancer</c> field, written as a name or as <c>{ algorithm: name, … }</c>
    /// with that algorithm's parameters; a parameter of another algorithm is an error at its line.
    /// </summary>
    private static (string? Algorithm, BalancerOptions Options) BalancerOf(ScenarioReader reader, Fields? fields)
    {
        if (fields?.Get("balancer") is not { } node) return (null, BalancerOptions.None);
        var algorithmNode = node;
        string? algorithm;
        Fields? mapping = null;
        if (node is YamlMappingNode)
        {
            mapping = reader.Mapping(node, fields.Child("balancer"), ScenarioFormat.Balancer);
            algorithmNode = mapping?.Get("algorithm") ?? node;
            algorithm = mapping?.Text("algorithm", required: true);
        }
        else algorithm = fields.Text("balancer", expected: $"an algorithm: {string.Join(", ", BalancerCatalog.Names)}");
        if (algorithm is not null && !BalancerCatalog.IsKnown(algorithm))
        {
            string? nearest = Suggest.Nearest(algorithm, BalancerCatalog.Names);
            reader.Error(algorithmNode, $"unknown balancing algorithm '{algorithm}', {(nearest is null ? "" : $"did you mean '{nearest}'? ")}(expected one of {string.Join(", ", BalancerCatalog.Names)})");
            algorithm = nearest ?? BalancerCatalog.RoundRobin;
        }
        if (mapping is null || algorithm is null) return (algorithm, BalancerOptions.None);
        var kind = BalancerCatalog.Kind(algorithm)!;
        foreach (string key in BalancerCatalog.AllParameters)
            if (!kind.Parameters.Contains(key) && mapping.Get(key) is { } given)
            {
                var takers = BalancerCatalog.Kinds.Where(k => k.Parameters.Contains(key)).Select(k => k.Name);
                reader.Error(given, $"'{mapping.Child(key)}' is a parameter of {string.Join(" and ", takers)}, not of {algorithm}{(kind.Parameters.Count == 0 ? ", which takes none" : $", which takes {string.Join(", ", kind.Parameters)}")}");
            }
        return (algorithm, new BalancerOptions
        {
            Draws = mapping.Integer("draws"),
            ChoiceCount = mapping.Integer("choice_count"),
            ActiveRequestBias = mapping.Number("active_request_bias"),
            Limit = mapping.Integer("limit"),
            Window = mapping.Duration("window"),
            Decay = mapping.Duration("decay"),
            DefaultRtt = mapping.Duration("default_rtt"),
            HashKey = mapping.Choice("key", ["source", "uri"]) switch { "uri" => HashKey.Uri, "source" => HashKey.Source, _ => null },
            Points = mapping.Integer("points"),
            BalanceFactor = mapping.Number("balance_factor"),
        });
    }
}
