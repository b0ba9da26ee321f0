using FarmSim.Engine.Distributions;
using FarmSim.Farm.Balancing;
using FarmSim.Farm.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios;

/// <summary>The outcome of loading a scenario: the model when there were no errors, and every problem found.</summary>
public sealed record LoadResult(Scenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Scenario is not null;
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);
}

/// <summary>
/// Turns a scenario file into a validated <see cref="Scenario"/>. It reads the whole file before
/// judging it and reports all problems at once, each at its line and column; it never throws on bad
/// input.
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] TopKeys = ["name", "description", "simulation", "environment", "servers", "zones", "apps"];
    private static readonly string[] SimulationKeys = ["duration", "warmup", "replications", "seed"];
    private static readonly string[] EnvironmentKeys = ["address", "proxy"];
    private static readonly string[] ProxyKeys = ["latency"];
    private static readonly string[] ServerKeys = ["name", "workers", "queue_limit", "speed", "weight"];
    private static readonly string[] ZoneKeys = ["name", "address", "servers", "balancer"];
    private static readonly string[] BalancerKeys = ["algorithm"];
    private static readonly string[] AppKeys = ["name", "path", "zone", "arrival", "service"];
    private static readonly string[] ArrivalKeys = ["rate"];
    private static readonly string[] ServiceKeys = ["distribution", "mean", "cv", "k", "min", "max", "value"];

    public const string DefaultAddress = "www.mydomain.net";
    public const int DefaultReplications = 10;
    public const long DefaultSeed = 1;

    public static LoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new LoadResult(null, [new Diagnostic(path, 1, 1, Severity.Error, $"cannot read the file: {e.Message}")]);
        }
        return Load(text, path);
    }

    public static LoadResult Load(string yaml, string file = "<scenario>")
    {
        var reader = new ScenarioReader(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            string detail = e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}";
            reader.Error(e.Start, $"not valid YAML: {detail}");
            return new LoadResult(null, reader.Diagnostics);
        }
        if (stream.Documents.Count == 0 || ScenarioReader.IsNull(stream.Documents[0].RootNode))
        {
            reader.Error(new Mark(0, 1, 1), "the file is empty, expected a scenario: a mapping with name, simulation, servers, zones and apps");
            return new LoadResult(null, reader.Diagnostics);
        }
        if (stream.Documents.Count > 1)
            reader.Error(stream.Documents[1].RootNode.Start, "a second YAML document, expected one scenario per file");

        var scenario = Read(reader, stream.Documents[0].RootNode);
        if (scenario is not null)
        {
            // A field that could not be read stands in the model as a placeholder; the model's own
            // rules would only complain about the placeholder, so one error per spot is enough.
            var reported = reader.Diagnostics.Select(d => (d.Line, d.Column)).ToHashSet();
            foreach (var problem in FarmProblems.Of(scenario.Farm, scenario.Simulation))
            {
                var at = reader.PositionOf(problem.Path);
                if (reported.Add(((int)at.Line, (int)at.Column))) reader.Error(at, $"'{problem.Path}' {problem.Message}");
            }
        }

        var diagnostics = reader.Diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
        bool failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return new LoadResult(failed ? null : scenario, diagnostics);
    }

    /// <summary>Reads the whole tree; returns null only when the root is not even a mapping.</summary>
    private static Scenario? Read(ScenarioReader reader, YamlNode root)
    {
        var top = reader.Mapping(root, "", "the scenario", TopKeys);
        if (top is null) return null;

        string name = top.Text("name", required: true, expected: "the scenario's name") ?? "";
        string? description = top.Text("description");
        var settings = ReadSimulation(reader, top);
        var proxy = ReadEnvironment(reader, top);

        var servers = new List<FrontEndSpec>();
        if (top.Get("servers", required: true, expected: "a list of front-end servers") is { } serverList)
        {
            var items = reader.Sequence(serverList, "servers", "servers");
            for (int i = 0; i < items.Count; i++)
                if (ReadServer(reader, items[i], $"servers[{i}]") is { } server) servers.Add(server);
        }

        var zones = new List<ZoneSpec>();
        if (top.Get("zones") is { } zoneList)
        {
            var items = reader.Sequence(zoneList, "zones", "zones");
            for (int i = 0; i < items.Count; i++)
                if (ReadZone(reader, items[i], $"zones[{i}]") is { } zone) zones.Add(zone);
        }
        // The Global zone exists on every farm, written or not, and holds every server. It goes
        // last so the written zones keep their positions (zones[i]) for error messages.
        if (!zones.Any(z => z.Name == ZoneSpec.Global))
            zones.Add(new ZoneSpec(ZoneSpec.Global, proxy.Address, [], BalancerCatalog.RoundRobin));

        var apps = new List<AppSpec>();
        if (top.Get("apps", required: true, expected: "a list of apps") is { } appList)
        {
            var items = reader.Sequence(appList, "apps", "apps");
            for (int i = 0; i < items.Count; i++)
                if (ReadApp(reader, items[i], $"apps[{i}]") is { } app) apps.Add(app);
        }

        return new Scenario(name, description, new FarmSpec(proxy, servers, zones, apps), settings);
    }

    private static SimulationSettings ReadSimulation(ScenarioReader reader, Fields top)
    {
        var node = top.Get("simulation", required: true, expected: "a mapping with duration, warmup, replications and seed");
        var fields = node is null ? null : reader.Mapping(node, "simulation", "simulation", SimulationKeys);
        if (fields is null) return new SimulationSettings(1, 0, 1, DefaultSeed);
        return new SimulationSettings(
            Duration: fields.Duration("duration", required: true) ?? 1,
            Warmup: fields.Duration("warmup") ?? 0,
            Replications: fields.Integer("replications") ?? DefaultReplications,
            Seed: fields.Integer("seed") ?? DefaultSeed);
    }

    private static ProxySpec ReadEnvironment(ScenarioReader reader, Fields top)
    {
        var fields = top.Get("environment") is { } node ? reader.Mapping(node, "environment", "environment", EnvironmentKeys) : null;
        string address = fields?.Text("address", expected: "the environment's host name") ?? DefaultAddress;
        var proxy = fields?.Get("proxy") is { } proxyNode ? reader.Mapping(proxyNode, "environment.proxy", "the proxy", ProxyKeys) : null;
        return new ProxySpec(address, proxy?.Duration("latency") ?? 0);
    }

    private static FrontEndSpec? ReadServer(ScenarioReader reader, YamlNode node, string path)
    {
        var fields = reader.Mapping(node, path, "a server", ServerKeys);
        if (fields is null) return null;
        int? queueLimit = FrontEndSpec.IisQueueLength;
        if (fields.Get("queue_limit") is YamlScalarNode { Value: "unlimited" }) queueLimit = null;
        else if (fields.Has("queue_limit")) queueLimit = fields.Integer("queue_limit") ?? FrontEndSpec.IisQueueLength;
        return new FrontEndSpec(
            Name: fields.Text("name", required: true, expected: "the server's name") ?? "",
            Workers: fields.Integer("workers", required: true) ?? 1,
            QueueLimit: queueLimit,
            Speed: fields.Number("speed") ?? 1,
            Weight: fields.Number("weight") ?? 1);
    }

    private static ZoneSpec? ReadZone(ScenarioReader reader, YamlNode node, string path)
    {
        var fields = reader.Mapping(node, path, "a zone", ZoneKeys);
        if (fields is null) return null;
        string name = fields.Text("name", required: true, expected: "the zone's name") ?? "";

        var servers = new List<string>();
        bool all = false;
        if (fields.Get("servers") is { } list)
        {
            if (list is YamlScalarNode { Value: "all" })
                all = true;
            else
            {
                var items = reader.Sequence(list, fields.Child("servers"), "servers");
                for (int i = 0; i < items.Count; i++)
                {
                    reader.Remember($"{path}.servers[{i}]", items[i]);
                    if (items[i] is YamlScalarNode { Value: { } server }) servers.Add(server);
                    else reader.Error(items[i].Start, $"'{path}.servers[{i}]' is {ScenarioReader.KindOf(items[i])}, expected a server name");
                }
            }
        }
        else if (name != ZoneSpec.Global)
            fields.Get("servers", required: true, expected: "a list of server names, or all");

        string balancer = BalancerCatalog.RoundRobin;
        if (fields.Get("balancer") is { } b)
        {
            if (b is YamlMappingNode)
                balancer = reader.Mapping(b, fields.Child("balancer"), "balancer", BalancerKeys)?.Text("algorithm", required: true) ?? balancer;
            else
                balancer = fields.Text("balancer", expected: $"an algorithm: {string.Join(", ", BalancerCatalog.Names)}") ?? balancer;
            if (!BalancerCatalog.IsKnown(balancer) && Suggest.Nearest(balancer, BalancerCatalog.Names) is { } nearest)
            {
                reader.Error(b.Start, $"unknown balancing algorithm '{balancer}', did you mean '{nearest}'? (expected one of {string.Join(", ", BalancerCatalog.Names)})");
                balancer = nearest;
            }
        }
        return new ZoneSpec(name, fields.Text("address", expected: "the zone's host name"), servers, balancer, all);
    }

    private static AppSpec? ReadApp(ScenarioReader reader, YamlNode node, string path)
    {
        var fields = reader.Mapping(node, path, "an app", AppKeys);
        if (fields is null) return null;
        string name = fields.Text("name", required: true, expected: "the app's name") ?? "";
        double rate = 0;
        if (fields.Get("arrival", required: true, expected: "a mapping with rate") is { } arrival)
            rate = reader.Mapping(arrival, fields.Child("arrival"), "arrival", ArrivalKeys)?.Rate("rate", required: true) ?? 0;
        var service = DistributionSpec.Exponential(1);
        if (fields.Get("service", required: true, expected: "a service-time distribution") is { } serviceNode)
            service = ReadDistribution(reader, serviceNode, fields.Child("service")) ?? service;
        return new AppSpec(
            Name: name,
            Path: fields.Text("path", expected: "a path such as /AppX") ?? AppSpec.DefaultPath(name),
            Zone: fields.Text("zone", expected: "the name of the zone the app is published to") ?? ZoneSpec.Global,
            ArrivalRate: rate,
            Service: service);
    }

    private static readonly Dictionary<string, (DistributionKind Kind, string[] Parameters)> Distributions = new()
    {
        ["exponential"] = (DistributionKind.Exponential, ["mean"]),
        ["constant"] = (DistributionKind.Constant, ["value"]),
        ["lognormal"] = (DistributionKind.LogNormal, ["mean", "cv"]),
        ["gamma"] = (DistributionKind.Gamma, ["mean", "cv"]),
        ["erlang"] = (DistributionKind.Erlang, ["mean", "k"]),
        ["uniform"] = (DistributionKind.Uniform, ["min", "max"]),
    };

    private static DistributionSpec? ReadDistribution(ScenarioReader reader, YamlNode node, string path)
    {
        var fields = reader.Mapping(node, path, "a distribution", ServiceKeys);
        if (fields is null) return null;
        string? kindName = fields.Text("distribution", required: true, expected: $"one of {string.Join(", ", Distributions.Keys)}");
        if (kindName is null) return null;
        if (!Distributions.TryGetValue(kindName, out var known))
        {
            string? nearest = Suggest.Nearest(kindName, Distributions.Keys);
            reader.Error(fields.Get("distribution")!.Start,
                $"unknown distribution '{kindName}', {(nearest is null ? "" : $"did you mean '{nearest}'? ")}(expected one of {string.Join(", ", Distributions.Keys)})");
            return null;
        }
        foreach (string parameter in ServiceKeys.Skip(1))
            if (fields.Has(parameter) && !known.Parameters.Contains(parameter))
                reader.Error(fields.Get(parameter)!.Start,
                    $"'{fields.Child(parameter)}' does not apply to a {kindName} distribution, expected only {string.Join(" and ", known.Parameters)}");

        return known.Kind switch
        {
            DistributionKind.Exponential => DistributionSpec.Exponential(fields.Duration("mean", true) ?? 1),
            DistributionKind.Constant => DistributionSpec.Constant(fields.Duration("value", true) ?? 1),
            DistributionKind.LogNormal => DistributionSpec.LogNormal(fields.Duration("mean", true) ?? 1, fields.Number("cv", true) ?? 1),
            DistributionKind.Gamma => DistributionSpec.Gamma(fields.Duration("mean", true) ?? 1, fields.Number("cv", true) ?? 1),
            DistributionKind.Erlang => DistributionSpec.Erlang(fields.Duration("mean", true) ?? 1, fields.Integer("k", true) ?? 1),
            _ => DistributionSpec.Uniform(fields.Duration("min", true) ?? 0, fields.Duration("max", true) ?? 1),
        };
    }
}
