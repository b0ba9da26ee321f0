using System.Globalization;
using System.Text.Json.Nodes;
using FarmSim.Experiments;
using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;

namespace FarmSim.Reports.Sweeps;

/// <summary>
/// What a sweep folder (whole, or one shard's part) holds before anything is derived from it:
/// <c>sweep.json</c>, the plan (dimensions, and each variant's values and resolved scenario), and
/// <c>replications.csv</c>, every replication's metrics at full precision. A shard's part also has
/// <c>shard.json</c>. Everything else in a sweep folder is computed from these files.
/// </summary>
public static class SweepFiles
{
    public const string Plan = "sweep.json";
    public const string Replications = "replications.csv";
    public const string ShardFile = "shard.json";
    public const string Format = "farmsim-sweep/1";
    public static readonly string[] ReplicationsHeader = ["variant", "replication", "scope", "name", "metric", "value"];

    /// <summary>The replications that stopped because their farm was unstable, and why; written only when one did.</summary>
    public const string Unstable = "unstable.csv";

    public static readonly string[] UnstableHeader = ["variant", "replication", "stopped_at_s", "in_flight", "where", "queued", "since_s"];

    public static void WriteUnstable(string path, IEnumerable<(WorkItem Item, ReplicationResult Result)> results)
    {
        var unstable = results.Where(r => r.Result.Unstable is not null).ToList();
        if (unstable.Count == 0) return;
        CsvFile.Write(path, UnstableHeader, csv =>
        {
            foreach (var (item, result) in unstable)
            {
                var u = result.Unstable!;
                foreach (object field in new object[] { item.Variant, item.Replication, u.Time.ToString("R", CultureInfo.InvariantCulture), u.InFlight, u.Where, u.Queued, u.Since.ToString("R", CultureInfo.InvariantCulture) })
                    csv.WriteField(field);
                csv.NextRecord();
            }
        });
    }

    /// <summary>A folder's replications (replications.csv), each marked unstable where unstable.csv says so.</summary>
    public static Dictionary<WorkItem, ReplicationResult> ReadResults(string folder)
    {
        var results = ReadReplications(Path.Combine(folder, Replications));
        string unstable = Path.Combine(folder, Unstable);
        if (!File.Exists(unstable)) return results;
        var rows = CsvFile.Read(unstable, csv => (
            Item: new WorkItem(int.Parse(csv.GetField("variant")!, CultureInfo.InvariantCulture), int.Parse(csv.GetField("replication")!, CultureInfo.InvariantCulture)),
            Instability: new Instability(int.Parse(csv.GetField("replication")!, CultureInfo.InvariantCulture), CsvFile.Parse(csv.GetField("stopped_at_s")),
                int.Parse(csv.GetField("in_flight")!, CultureInfo.InvariantCulture), csv.GetField("where")!, int.Parse(csv.GetField("queued")!, CultureInfo.InvariantCulture),
                CsvFile.Parse(csv.GetField("since_s")))));
        foreach (var (item, instability) in rows)
            if (results.TryGetValue(item, out var result)) results[item] = result with { Unstable = instability };
        return results;
    }


    public static void WritePlan(string path, SweepPlan plan, BuildInfo build)
    {
        var json = new JsonObject
        {
            ["format"] = Format,
            ["farmsim_version"] = build.Version,
            ["farmsim_commit"] = build.Commit,
            ["dimensions"] = new JsonArray(plan.Dimensions.Select(d => (JsonNode)new JsonObject
            {
                ["path"] = d.Path,
                ["values"] = new JsonArray(d.Values.Select(v => (JsonNode)v).ToArray()),
            }).ToArray()),
            ["variants"] = new JsonArray(plan.Variants.Select(v => (JsonNode)new JsonObject
            {
                ["values"] = new JsonArray(v.Values.Select(x => (JsonNode)x).ToArray()),
                ["scenario"] = ScenarioWriter.ToJson(v.Scenario),
            }).ToArray()),
        };
        File.WriteAllText(path, json.ToJsonString(JsonText.Indented) + "\n");
    }

    public static SweepPlan ReadPlan(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");
        if ((string?)json["format"] != Format) throw new InvalidDataException($"{path} is not a FarmSim sweep plan (format {Format})");
        var dimensions = json["dimensions"]!.AsArray()
            .Select(d => new SweepDimension((string)d!["path"]!, d["values"]!.AsArray().Select(v => (string)v!).ToList())).ToList();
        var variants = json["variants"]!.AsArray().Select((v, i) =>
        {
            var loaded = ScenarioLoader.Load(v!["scenario"]!.ToJsonString(), $"{path} (variant {i})");
            if (loaded.Scenario is null) throw new InvalidDataException($"{path}: variant {i} is not a valid scenario: {string.Join("; ", loaded.Errors)}");
            return new SweepVariant(i, v["values"]!.AsArray().Select(x => (string)x!).ToList(), loaded.Scenario);
        }).ToList();
        return new SweepPlan(dimensions, variants);
    }

    public static void WriteShard(string path, Shard shard) =>
        File.WriteAllText(path, new JsonObject { ["index"] = shard.Index, ["count"] = shard.Count }.ToJsonString(JsonText.Indented) + "\n");

    public static Shard ReadShard(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        return new Shard((int)json["index"]!, (int)json["count"]!);
    }

    /// <summary>Rows in work-item order, each item's entities and metrics in the order a replication reports them.</summary>
    public static void WriteReplications(string path, IEnumerable<(WorkItem Item, ReplicationResult Result)> results) =>
        CsvFile.Write(path, ReplicationsHeader, csv =>
        {
            foreach (var (item, result) in results)
                foreach (var entity in result.Entities)
                    for (int m = 0; m < entity.Values.Length; m++)
                    {
                        csv.WriteField(item.Variant);
                        csv.WriteField(item.Replication);
                        csv.WriteField(MetricNames.Of(entity.Scope));
                        csv.WriteField(entity.Name);
                        csv.WriteField(MetricNames.Of((Metric)m));
                        // Round-trip precision: a merge recomputes exactly what one machine computed.
                        csv.WriteField(double.IsFinite(entity.Values[m]) ? entity.Values[m].ToString("R", CultureInfo.InvariantCulture) : "");
                        csv.NextRecord();
                    }
        });

    public static Dictionary<WorkItem, ReplicationResult> ReadReplications(string path)
    {
        var rows = CsvFile.Read(path, csv => (
            Item: new WorkItem(int.Parse(csv.GetField("variant")!, CultureInfo.InvariantCulture), int.Parse(csv.GetField("replication")!, CultureInfo.InvariantCulture)),
            Scope: csv.GetField("scope")!, Name: csv.GetField("name")!, Metric: csv.GetField("metric")!, Value: CsvFile.Parse(csv.GetField("value"))));
        var scopes = Enum.GetValues<Scope>().ToDictionary(MetricNames.Of);
        var metrics = Enum.GetValues<Metric>().ToDictionary(MetricNames.Of);
        var results = new Dictionary<WorkItem, ReplicationResult>();
        foreach (var item in rows.GroupBy(r => r.Item))
        {
            var entities = item.GroupBy(r => (r.Scope, r.Name)).Select(e =>
            {
                var values = new double[MetricNames.Count];
                Array.Fill(values, double.NaN);
                foreach (var row in e) values[(int)metrics[row.Metric]] = row.Value;
                return new EntityResult(scopes[e.Key.Scope], e.Key.Name, values);
            }).ToList();
            results[item.Key] = new ReplicationResult(item.Key.Replication, entities, 0, new TimeSeries(1, 0, []), null);
        }
        return results;
    }
}
