using FarmSim.Experiments;

namespace FarmSim.Reports.Sweeps;

/// <summary>
/// Combines the parts that shards wrote into the folder one machine would have written: every part
/// must come from the same plan, and together they must hold every replication exactly once.
/// </summary>
public static class SweepMerge
{
    public static void Merge(IReadOnlyList<string> parts, string into, bool plots)
    {
        if (parts.Count == 0) throw new InvalidDataException("no parts to merge");
        string plan = File.ReadAllText(PlanOf(parts[0]));
        var build = BuildOf(plan);
        var shards = new HashSet<Shard>();
        foreach (string part in parts)
        {
            // Another build may compute other numbers for the same plan: its replications cannot be mixed in.
            string own = File.ReadAllText(PlanOf(part));
            if (BuildOf(own) != build)
                throw new InvalidDataException($"'{part}' was written by FarmSim {BuildOf(own)}, '{parts[0]}' by FarmSim {build}: every shard must run the same build");
            if (WithoutBuild(own) != WithoutBuild(plan))
                throw new InvalidDataException($"'{part}' belongs to a different sweep than '{parts[0]}' (their {SweepFiles.Plan} differ)");
            string shardFile = Path.Combine(part, SweepFiles.ShardFile);
            if (!File.Exists(shardFile)) continue;
            var shard = SweepFiles.ReadShard(shardFile);
            if (shards.Count > 0 && shards.First().Count != shard.Count)
                throw new InvalidDataException($"'{part}' is shard {shard.Index} of {shard.Count}, but '{parts[0]}' comes from a sweep cut in {shards.First().Count}: give the parts of one run");
            if (!shards.Add(shard))
                throw new InvalidDataException($"'{part}' repeats a shard already given");
        }

        var merged = new Dictionary<WorkItem, Farm.Metrics.ReplicationResult>();
        foreach (string part in parts)
            foreach (var (item, result) in SweepFiles.ReadResults(part))
                if (!merged.TryAdd(item, result))
                    throw new InvalidDataException($"variant {item.Variant}, replication {item.Replication} appears in more than one part");

        File.WriteAllText(Path.Combine(into, SweepFiles.Plan), plan);
        var sweepPlan = SweepFiles.ReadPlan(Path.Combine(into, SweepFiles.Plan));
        var items = SweepRunner.Items(sweepPlan.Variants.Select(v => (v.Scenario.Farm, v.Scenario.Simulation)).ToList());
        var missing = items.Where(i => !merged.ContainsKey(i)).ToList();
        if (missing.Count > 0)
        {
            // Name the shards whose parts are absent, so that exactly those can be run again.
            int count = shards.Count > 0 ? shards.First().Count : 0;
            var absent = Enumerable.Range(1, count).Where(k => !shards.Contains(new Shard(k, count))).ToList();
            throw new InvalidDataException($"the parts hold {merged.Count} of {items.Count} replications: {missing.Count} missing"
                + (absent.Count > 0
                    ? $"; shard{(absent.Count > 1 ? "s" : "")} {string.Join(", ", absent)} of {count} {(absent.Count > 1 ? "are" : "is")} missing: run {(absent.Count > 1 ? "them" : "it")} again with the same arguments (with Slurm: scripts/slurm-sweep.sh, its --out, --shards and sweep arguments as before, and --tasks {string.Join(",", absent)}), then merge"
                    : " (is a shard's part not given?)"));
        }
        SweepFiles.WriteReplications(Path.Combine(into, SweepFiles.Replications), items.Select(i => (i, merged[i])));
        SweepFiles.WriteUnstable(Path.Combine(into, SweepFiles.Unstable), items.Select(i => (i, merged[i])));
        SweepWriter.Write(into, plots);
    }

    private static string PlanOf(string part)
    {
        string path = Path.Combine(part, SweepFiles.Plan);
        if (!File.Exists(path)) throw new InvalidDataException($"'{part}' is not a sweep's part: no {SweepFiles.Plan}");
        return path;
    }

    private static BuildInfo BuildOf(string planJson)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(planJson);
        return new BuildInfo((string?)json?["farmsim_version"] ?? "unknown", (string?)json?["farmsim_commit"] ?? "");
    }

    private static string WithoutBuild(string json) =>
        string.Join('\n', json.Split('\n').Where(l => !l.TrimStart().StartsWith("\"farmsim_", StringComparison.Ordinal)));
}
