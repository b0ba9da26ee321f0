using FarmSim.Engine.Distributions;
using FarmSim.Farm.Balancing;
using FarmSim.Farm.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static FarmSim.Scenarios.ScenarioFormat;

namespace FarmSim.Scenarios;

/// <summary>The outcome of loading a scenario: the model when there were no errors, and every problem found.</summary>
public sealed record LoadResult(Scenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The sweep the file describes (its <c>sweep:</c> section), empty when it has none.</summary>
    public IReadOnlyList<SweepDimension> Sweep { get; init; } = [];

    /// <summary>The service-level objectives of its <c>slo:</c> section, for the planner.</summary>
    public IReadOnlyList<Farm.Metrics.ServiceLevel> ServiceLevels { get; init; } = [];

    /// <summary>The SHA-256 of the file's bytes as they were read, when it came from a file.</summary>
    public string? SourceSha256 { get; init; }

    public bool Succeeded => Scenario is not null;
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == Severity.Warning);
}

/// <summary>
/// Turns a scenario file into a validated <see cref="Scenario"/>. It reads the whole file before
/// judging it and reports all problems at once, each at its line and column; it never throws on bad
/// input. It also reads the <c>run.json</c> of an earlier run, whose resolved scenario reproduces it.
/// </summary>
public static class ScenarioLoader
{
    public const string DefaultAddress = "www.mydomain.net";
    public const int DefaultReplications = 10;
    public const long DefaultSeed = 1;

    /// <summary>The <c>format</c> value that marks a <c>run.json</c>; its scenario is under <see cref="RunScenarioKey"/>.</summary>
    public const string RunFormat = "farmsim-run/1";
    public const string RunScenarioKey = "scenario";

    public static LoadResult LoadFile(string path, IReadOnlyList<Override>? overrides = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new LoadResult(null, [new Diagnostic(path, 0, 0, Severity.Error, $"cannot read the file: {e.Message}")]);
        }
        string text = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true).ReadToEnd();
        return Load(text, path, overrides) with { SourceSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) };
    }

    /// <summary>The most entries one <c>count</c> may stand for.</summary>
    public const int MaxCount = 10_000;

    public static LoadResult Load(string yaml, string file, IReadOnlyList<string> sets) => Load(yaml, file, sets.Select(Override.Set).ToList());

    public static LoadResult Load(string yaml, string file = "<scenario>", IReadOnlyList<Override>? overrides = null)
    {
        var reader = new ScenarioReader(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            reader.Error(e.Start, e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal)
                ? $"key '{e.Message["Duplicate key ".Length..]}' is given twice, expected each key once"
                : $"not valid YAML: {e.Message}{(e.InnerException is null ? "" : " " + e.InnerException.Message)}");
            return new LoadResult(null, reader.Diagnostics);
        }
        catch (InvalidOperationException)
        {
            // Some malformed flow collections make YamlDotNet fail without a position: find it by
            // replaying the parser's events up to the one it could not build on.
            reader.Error(LastGoodMark(yaml), "not valid YAML: the structure breaks here (check brackets, braces and indentation)");
            return new LoadResult(null, reader.Diagnostics);
        }
        if (stream.Documents.Count == 0 || ScenarioReader.IsNull(stream.Documents[0].RootNode))
        {
            reader.Error(new Mark(0, 1, 1), "the file is empty, expected a scenario: a mapping with name, simulation, servers, zones and apps");
            return new LoadResult(null, reader.Diagnostics);
        }
        if (stream.Documents.Count > 1)
            reader.Error(stream.Documents[1].RootNode, "a second YAML document, expected one scenario per file");

        var root = ScenarioOf(stream.Documents[0].RootNode);
        if (root is YamlMappingNode mapping && overrides is { Count: > 0 }) Overrides.Apply(mapping, overrides, reader);

        var scenario = Read(reader, root);
        if (scenario is not null)
        {
            foreach (var problem in FarmProblems.Of(scenario.Farm, scenario.Simulation))
                reader.ModelError(reader.NodeOf(problem.Path) ?? root, $"'{reader.Written(problem.Path)}' {problem.Message}");
            // Objectives name apps, zones and servers: they are read once the farm is known.
            foreach (var (text, node) in reader.ServiceLevelTexts)
            {
                if (ServiceLevels.Parse(text, scenario.Farm, out string problem) is { } level) reader.ServiceLevels.Add(level);
                else reader.Error(node, $"'slo': {problem}");
            }
            if (reader.ErrorCount == 0) Warn(reader, scenario, root);
        }

        var diagnostics = reader.Diagnostics.OrderBy(d => d.Line == 0 ? 0 : 1).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
        bool failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return new LoadResult(failed ? null : scenario, diagnostics) { Sweep = reader.Sweep, ServiceLevels = reader.ServiceLevels };
    }

    private static Mark LastGoodMark(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var last = new Mark(0, 1, 1);
        try
        {
            while (parser.MoveNext()) last = parser.Current!.End;
        }
        catch (YamlException e)
        {
            return e.Start;
        }
        catch (InvalidOperationException)
        {
        }
        return last;
    }

    /// <summary>The scenario node: the document itself, or the resolved scenario inside a run.json.</summary>
    private static YamlNode ScenarioOf(YamlNode document) =>
        document is YamlMappingNode map
        && map.Children.TryGetValue(new YamlScalarNode("format"), out var format) && format is YamlScalarNode { Value: RunFormat }
        && map.Children.TryGetValue(new YamlScalarNode(RunScenarioKey), out var inner)
            ? inner
            : document;

    /// <summary>Reads the whole tree; returns null only when the root is not even a mapping.</summary>
    private static Scenario? Read(ScenarioReader reader, YamlNode root)
    {
        var top = reader.Mapping(root, "", Root);
        if (top is null) return null;

        string name = top.Text("name", required: true, expected: "the scenario's name") ?? "";
        // The name becomes a folder under results/: it must stay one.
        if (name.IndexOfAny(['/', '\\', ':']) >= 0 || name is "." or ".." || name.Any(char.IsControl))
            reader.Error(top.Get("name")!, $"'name' is '{name}', expected a name without '/', '\\' or ':' (it names the results folder)");
        string? description = top.Text("description");
        var settings = ReadSimulation(reader, top);
        var proxy = ReadEnvironment(reader, top);

        var serverDefaults = top.Get("server_defaults") is { } sd ? reader.Mapping(sd, "server_defaults", ServerDefaults) : null;
        if (serverDefaults is not null) ReadServerSettings(reader, serverDefaults, required: false);
        var servers = new List<FrontEndSpec>();
        if (top.Get("servers", required: true, expected: "a list of front-end servers") is { } serverList)
        {
            var items = reader.Sequence(serverList, "servers");
            for (int i = 0; i < items.Count; i++) ReadServers(reader, items[i], i, serverDefaults, servers);
        }

        var zoneDefaults = top.Get("zone_defaults") is { } zd ? reader.Mapping(zd, "zone_defaults", ZoneDefaults) : null;
        BalancerOf(reader, zoneDefaults);
        var zones = new List<ZoneSpec>();
        if (top.Get("zones") is { } zoneList)
        {
            var items = reader.Sequence(zoneList, "zones");
            for (int i = 0; i < items.Count; i++)
                if (ReadZone(reader, items[i], $"zones[{i}]", zoneDefaults) is { } zone)
                {
                    // An item that is not a zone is skipped: the model's zones[k] is then the file's zones[i].
                    reader.Alias($"zones[{zones.Count}]", $"zones[{i}]");
                    zones.Add(zone);
                }
        }
        // The Global zone exists on every farm, written or not, and holds every server. It goes
        // last so the written zones keep their positions (zones[i]) for error messages.
        if (!zones.Any(z => z.Name == ZoneSpec.Global))
            zones.Add(new ZoneSpec(ZoneSpec.Global, proxy.Address, [], BalancerOf(reader, zoneDefaults) ?? BalancerCatalog.RoundRobin, AllServers: true,
                Retries: zoneDefaults?.Integer("retries") ?? 0));

        var appDefaults = top.Get("app_defaults") is { } ad ? reader.Mapping(ad, "app_defaults", AppDefaults) : null;
        if (appDefaults is not null) ReadAppSettings(reader, appDefaults, required: false);
        var apps = new List<AppSpec>();
        if (top.Get("apps", required: true, expected: "a list of apps") is { } appList)
        {
            var items = reader.Sequence(appList, "apps");
            for (int i = 0; i < items.Count; i++)
                if (ReadApp(reader, items[i], $"apps[{i}]", appDefaults) is { } app)
                {
                    reader.Alias($"apps[{apps.Count}]", $"apps[{i}]");
                    apps.Add(app);
                }
        }

        if (top.Get("slo") is { } sloList)
            foreach (var item in reader.Sequence(sloList, "slo"))
                if (item is YamlScalarNode { Value: { } text }) reader.ServiceLevelTexts.Add((text, item));
                else reader.Error(item, $"'slo' holds {ScenarioReader.KindOf(item)}, expected an objective such as 'AppX.p95 <= 300ms'");

        if (top.Get("sweep") is { } sweepList)
        {
            var items = reader.Sequence(sweepList, "sweep");
            for (int i = 0; i < items.Count; i++)
                if (ReadSweepDimension(reader, items[i], $"sweep[{i}]") is { } dimension) reader.Sweep.Add(dimension);
        }

        var databases = new List<DatabaseSpec>();
        if (top.Get("database") is { } dbNode)
        {
            // One database as a mapping, or several as a list; the model numbers them either way.
            bool single = dbNode is YamlMappingNode;
            if (!single && dbNode is not YamlSequenceNode)
                reader.Error(dbNode, $"'database' is {ScenarioReader.KindOf(dbNode)}, expected a mapping of {string.Join(", ", ScenarioFormat.Database.Keys)}, or a list of them");
            var entries = single ? [dbNode] : dbNode is YamlSequenceNode ? reader.Sequence(dbNode, "database") : [];
            for (int d = 0; d < entries.Count; d++)
            {
                string at = single ? "database" : $"database[{d}]";
                if (single) reader.Rename("database[0]", "database");
                if (reader.Mapping(entries[d], at, ScenarioFormat.Database) is { } db)
                {
                    if (!single) reader.Alias($"database[{databases.Count}]", at); // entries that could not be read leave no gap in the model
                    databases.Add(new DatabaseSpec(db.Text("name") ?? (d == 0 ? "main" : $"db{d + 1}"), db.Integer("connections", required: true) ?? 1, db.Integer("workers", required: true) ?? 1,
                        PerServerPool: db.Choice("pool", [DatabaseSpec.Total, DatabaseSpec.PerServer]) == DatabaseSpec.PerServer, Cores: db.Integer("cores")));
                }
            }
        }

        var hops = new HopsSpec();
        if (top.Get("environment") is YamlMappingNode env && env.Children.TryGetValue(new YamlScalarNode("hops"), out var hopsNode)
            && reader.Mapping(hopsNode, "environment.hops", ScenarioFormat.Hops) is { } h)
            hops = new HopsSpec(TimeOrDistribution(reader, h, "user_to_proxy"), TimeOrDistribution(reader, h, "to_zone"),
                TimeOrDistribution(reader, h, "zone_to_server"), TimeOrDistribution(reader, h, "server_to_database")) { UserBandwidth = h.Bandwidth("user_bandwidth") };

        ClientSpec? client = null;
        if (top.Get("environment") is YamlMappingNode environment && environment.Children.TryGetValue(new YamlScalarNode("client"), out var clientNode)
            && reader.Mapping(clientNode, "environment.client", ScenarioFormat.Client) is { } c)
            client = new ClientSpec(c.Duration("timeout", required: true) ?? 1, c.Integer("retries") ?? 0, c.Duration("backoff") ?? 0);

        return new Scenario(name, description, new FarmSpec(proxy, servers, zones, apps) { Databases = databases, Hops = hops, Client = client }, settings);
    }

    private static SweepDimension? ReadSweepDimension(ScenarioReader reader, YamlNode node, string path)
    {
        var fields = reader.Mapping(node, path, Sweep);
        string? vary = fields?.Text("vary", required: true, expected: "a scenario path, or load");
        var valuesNode = fields?.Get("values", required: true, expected: "a list of values or a range start..end:step");
        if (vary is null || valuesNode is null) return null;
        if (valuesNode is YamlSequenceNode list)
        {
            var values = new List<string>();
            foreach (var item in list.Children)
                if (item is YamlScalarNode { Value: { } v }) values.Add(v);
                else reader.Error(item, $"'{path}.values' holds {ScenarioReader.KindOf(item)}, expected plain values");
            return values.Count > 0 ? new SweepDimension(vary, values) : null;
        }
        string text = (valuesNode as YamlScalarNode)?.Value ?? "";
        var parsed = SweepDimension.ParseValues(text, out string problem);
        if (parsed is null) reader.Error(valuesNode, $"'{path}.values' {problem}");
        return parsed is null ? null : new SweepDimension(vary, parsed);
    }

    private static SimulationSettings ReadSimulation(ScenarioReader reader, Fields top)
    {
        var node = top.Get("simulation", required: true, expected: "a mapping with duration, warmup, replications and seed");
        var fields = node is null ? null : reader.Mapping(node, "simulation", Simulation);
        if (fields is null) return new SimulationSettings(1, 0, 1, DefaultSeed);
        return new SimulationSettings(
            Duration: fields.Duration("duration", required: true) ?? 1,
            Warmup: fields.Duration("warmup") ?? 0,
            Replications: fields.Integer("replications") ?? DefaultReplications,
            Seed: fields.Long("seed") ?? DefaultSeed,
            Window: fields.Duration("window"));
    }

    private static ProxySpec ReadEnvironment(ScenarioReader reader, Fields top)
    {
        var fields = top.Get("environment") is { } node ? reader.Mapping(node, "environment", ScenarioFormat.Environment) : null;
        string address = fields?.Text("address", expected: "the environment's host name") ?? DefaultAddress;
        var proxy = fields?.Get("proxy") is { } proxyNode ? reader.Mapping(proxyNode, "environment.proxy", Proxy) : null;
        return new ProxySpec(address, proxy?.Duration("latency") ?? 0, proxy?.Duration("timeout"));
    }

    /// <summary>Reads one server entry, which <c>count</c> may expand into several servers.</summary>
    private static void ReadServers(ScenarioReader reader, YamlNode node, int entry, Fields? defaults, List<FrontEndSpec> servers)
    {
        string path = $"servers[{entry}]";
        var fields = reader.Mapping(node, path, Server, defaults);
        if (fields is null) return;
        string name = fields.Text("name", required: true, expected: "the server's name") ?? "";
        var server = ReadServerSettings(reader, fields, required: true) with { Name = name };

        int count = 1;
        bool expand = fields.Has("count");
        if (expand && fields.Integer("count") is { } n)
        {
            if (n < 1 || n > MaxCount) reader.Error(fields.Get("count")!, $"'{path}.count' is {n}, expected 1 to {MaxCount}");
            else count = n;
        }
        for (int k = 1; k <= count; k++)
        {
            // Problems about an expanded server point at the entry it came from.
            reader.Alias($"servers[{servers.Count}]", path);
            servers.Add(expand ? server with { Name = $"{name}{k}" } : server);
        }
    }

    /// <summary>The settings a server entry and server_defaults share; the name is left empty.</summary>
    private static FrontEndSpec ReadServerSettings(ScenarioReader reader, Fields fields, bool required)
    {
        int? queueLimit = FrontEndSpec.IisQueueLength;
        if (fields.Get("queue_limit") is YamlScalarNode { Value: "unlimited" }) queueLimit = null;
        else if (fields.Has("queue_limit")) queueLimit = fields.Integer("queue_limit") ?? FrontEndSpec.IisQueueLength;
        return new FrontEndSpec(
            Name: "",
            Workers: fields.Integer("workers", required) ?? 1,
            QueueLimit: queueLimit,
            Speed: fields.Number("speed") ?? 1,
            Weight: fields.Number("weight") ?? 1,
            Cores: fields.Integer("cores"));
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

        return new ZoneSpec(name, fields.Text("address", expected: "the zone's host name"), servers,
            BalancerOf(reader, fields) ?? BalancerCatalog.RoundRobin, all, fields.Integer("retries") ?? 0);
    }

    /// <summary>The algorithm of a <c>balancer</c> field, written as a name or as <c>{ algorithm: name }</c>.</summary>
    private static string? BalancerOf(ScenarioReader reader, Fields? fields)
    {
        if (fields?.Get("balancer") is not { } node) return null;
        var algorithmNode = node;
        string? algorithm;
        if (node is YamlMappingNode)
        {
            var mapping = reader.Mapping(node, fields.Child("balancer"), ScenarioFormat.Balancer);
            algorithmNode = mapping?.Get("algorithm") ?? node;
            algorithm = mapping?.Text("algorithm", required: true);
        }
        else algorithm = fields.Text("balancer", expected: $"an algorithm: {string.Join(", ", BalancerCatalog.Names)}");
        if (algorithm is null || BalancerCatalog.IsKnown(algorithm)) return algorithm;
        string? nearest = Suggest.Nearest(algorithm, BalancerCatalog.Names);
        reader.Error(algorithmNode, $"unknown balancing algorithm '{algorithm}', {(nearest is null ? "" : $"did you mean '{nearest}'? ")}(expected one of {string.Join(", ", BalancerCatalog.Names)})");
        return nearest ?? BalancerCatalog.RoundRobin;
    }

    private static AppSpec? ReadApp(ScenarioReader reader, YamlNode node, string path, Fields? defaults)
    {
        var fields = reader.Mapping(node, path, App, defaults);
        if (fields is null) return null;
        string name = fields.Text("name", required: true, expected: "the app's name") ?? "";
        bool classes = fields.Has("classes");
        if (classes && fields.Has("service"))
            reader.Error(fields.Get("service")!, $"'{path}' gives both service and classes, expected one of them");
        else if (!classes && !fields.Has("service"))
            fields.Get("service", required: true, expected: "a service-time distribution, or classes");
        var app = ReadAppSettings(reader, fields, required: true) with
        {
            Name = name,
            Path = fields.Text("path", expected: "a path such as /AppX") ?? AppSpec.DefaultPath(name),
        };
        if (!classes) return app;
        var list = new List<RequestClassSpec>();
        var items = reader.Sequence(fields.Get("classes")!, fields.Child("classes"));
        for (int i = 0; i < items.Count; i++)
        {
            string at = $"{path}.classes[{i}]";
            var c = reader.Mapping(items[i], at, RequestClass);
            if (c is null) continue;
            var cpu = TimeOrDistribution(reader, c, "cpu");
            int queries = 0;
            DistributionSpec? queryTime = null;
            if (c.Get("db") is { } dbNode && reader.Mapping(dbNode, c.Child("db"), ScenarioFormat.Queries) is { } db)
            {
                queries = db.Integer("queries", required: true) ?? 0;
                queryTime = TimeOrDistribution(reader, db, "time", required: true) ?? DistributionSpec.Constant(1);
            }
            List<CallSpec> Calls(string key)
            {
                var calls = new List<CallSpec>();
                if (c.Get(key) is not { } callList) return calls;
                var callItems = reader.Sequence(callList, c.Child(key));
                for (int k = 0; k < callItems.Count; k++)
                    if (reader.Mapping(callItems[k], $"{at}.{key}[{k}]", ScenarioFormat.Call) is { } call)
                        calls.Add(new CallSpec(call.Text("app", required: true, expected: "the called app") ?? "", call.Text("class", required: true, expected: "the called app's class") ?? "",
                            call.Integer("count") ?? 1, call.Number("probability") ?? 1));
                return calls;
            }
            var server = Calls("calls");
            list.Add(new RequestClassSpec(c.Text("name", required: true, expected: "the class's name") ?? "", c.Number("share", required: true) ?? 0,
                cpu, queries, queryTime, server.Count > 0 ? server : null) { Browser = Calls("browser"), ResponseBytes = c.Size("response") ?? 0 });
        }
        // Every item is kept (even one that could not be read) so classes[i] in a message is the file's classes[i].
        return app with { Classes = list };
    }

    /// <summary>A time that may be a duration (a constant) or a distribution, as a class's cpu or a query's time.</summary>
    private static DistributionSpec? TimeOrDistribution(ScenarioReader reader, Fields fields, string key, bool required = false) =>
        fields.Get(key, required, "a duration or a distribution") switch
        {
            null => null,
            YamlMappingNode node => ReadDistribution(reader, node, fields.Child(key)),
            _ => fields.Duration(key) is { } seconds ? DistributionSpec.Constant(seconds) : null,
        };

    /// <summary>The settings an app entry and app_defaults share; name and path are left empty.</summary>
    private static AppSpec ReadAppSettings(ScenarioReader reader, Fields fields, bool required)
    {
        double rate = 0;
        // An app with classes may be reached only by calls from other apps: no arrival of its own.
        if (fields.Get("arrival", required && !fields.Has("classes"), expected: "a mapping with rate") is { } arrival)
            rate = reader.Mapping(arrival, fields.Child("arrival"), Arrival)?.Rate("rate", required: true) ?? 0;
        var service = DistributionSpec.Exponential(1);
        if (fields.Get("service") is { } serviceNode)
            service = ReadDistribution(reader, serviceNode, fields.Child("service")) ?? service;
        return new AppSpec("", "", fields.Text("zone", expected: "the name of the zone the app is published to") ?? ZoneSpec.Global, rate, service)
        {
            Database = fields.Text("database", expected: "the name of a database"),
        };
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

    /// <summary>The distribution, or null when any of it could not be read (no half-read distribution reaches the model).</summary>
    private static DistributionSpec? ReadDistribution(ScenarioReader reader, YamlNode node, string path)
    {
        int errorsBefore = reader.ErrorCount;
        var spec = ReadDistributionFields(reader, node, path);
        return reader.ErrorCount == errorsBefore ? spec : null;
    }

    private static DistributionSpec? ReadDistributionFields(ScenarioReader reader, YamlNode node, string path)
    {
        var fields = reader.Mapping(node, path, Service);
        if (fields is null) return null;
        string? kindName = fields.Text("distribution", required: true, expected: $"one of {string.Join(", ", DistributionNames)}");
        if (kindName is null) return null;
        if (!Distributions.TryGetValue(kindName, out var known))
        {
            string? nearest = Suggest.Nearest(kindName, DistributionNames);
            reader.Error(fields.Get("distribution")!,
                $"unknown distribution '{kindName}', {(nearest is null ? "" : $"did you mean '{nearest}'? ")}(expected one of {string.Join(", ", DistributionNames)})");
            return null;
        }
        foreach (string parameter in Service.Keys.Skip(1))
            if (fields.Has(parameter) && !known.Parameters.Contains(parameter))
                reader.Error(fields.Get(parameter)!,
                    $"'{fields.Child(parameter)}' does not apply to the {kindName} distribution, expected only {string.Join(" and ", known.Parameters)}");

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

    /// <summary>Where a zone was written; for the implicit Global zone, where its first app was.</summary>
    private static YamlNode? ZoneNode(ScenarioReader reader, FarmSpec farm, ZoneSpec zone)
    {
        int written = farm.Zones.ToList().IndexOf(zone);
        if (reader.WrittenNodeOf($"zones[{written}]") is { } node) return node;
        int app = farm.Apps.ToList().FindIndex(a => a.Zone == zone.Name);
        return app >= 0 ? reader.NodeOf($"apps[{app}]") : null;
    }

    /// <summary>What is legal but suspicious: overload, servers no zone uses, a warm-up longer than the run.</summary>
    private static void Warn(ScenarioReader reader, Scenario scenario, YamlNode root)
    {
        var farm = scenario.Farm;
        var settings = scenario.Simulation;
        if (settings.Warmup > settings.Duration)
            reader.Warning(reader.NodeOf("simulation.warmup") ?? root,
                $"the warm-up ({Units.FormatDuration(settings.Warmup)}) is longer than the measured duration ({Units.FormatDuration(settings.Duration)}); most of the run will be discarded");

        foreach (var load in OfferedLoad.PerZone(farm))
            if (load.Offered > load.Capacity)
                reader.Warning(ZoneNode(reader, farm, load.Zone) ?? root,
                    $"zone '{load.Zone.Name}' is offered {load.Offered:0.##} busy workers of work but its servers have {load.Capacity:0.##} (workers × speed): its queues will grow until requests are rejected");
        var total = OfferedLoad.Farm(farm);
        if (total.Offered > total.Capacity)
            reader.Warning(reader.NodeOf("apps") ?? root,
                $"the farm is offered {total.Offered:0.##} busy workers of work but has {total.Capacity:0.##} (workers × speed) in all");

        var used = farm.Zones.SelectMany(farm.MembersOf).ToHashSet();
        for (int i = 0; i < farm.Servers.Count; i++)
            if (!used.Contains(farm.Servers[i].Name))
                reader.Warning(reader.NodeOf($"servers[{i}]") ?? root,
                    $"server '{farm.Servers[i].Name}' is in no zone, so no request will reach it");

        // Settings that would change nothing are most likely a mistake.
        for (int a = 0; a < farm.Apps.Count; a++)
            for (int c = 0; c < (farm.Apps[a].Classes?.Count ?? 0); c++)
                if (farm.Apps[a].Classes![c].ResponseBytes > 0 && farm.Hops.UserBandwidth is null)
                    reader.Warning(reader.NodeOf($"apps[{a}].classes[{c}].response") ?? root,
                        $"class '{farm.Apps[a].Classes![c].Name}' gives a response size, but environment.hops has no user_bandwidth, so it takes no time");
        for (int d = 0; d < farm.Databases.Count; d++)
            if (!farm.Apps.Any(a => farm.DatabaseOf(a) == d && a.Classes?.Any(c => c.Queries > 0) == true))
                reader.Warning(reader.NodeOf($"database[{d}]") ?? root, $"no class queries database '{farm.Databases[d].Name}'");
    }
}
