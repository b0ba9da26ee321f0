using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime;
using FarmSim.Farm.Topology;

namespace FarmSim.Experiments;

/// <summary>One replication of one variant: the unit of a sweep's work.</summary>
public readonly record struct WorkItem(int Variant, int Replication);

/// <summary>
/// Runs the replications of many variants of a farm, or one shard of them, in parallel. Every
/// variant uses the same seed and named random streams, so the variants see the same arrivals and
/// service times wherever they share an app: common random numbers, and differences between
/// variants that are not noise.
/// </summary>
public static class SweepRunner
{
    /// <summary>Every work item, in the one order all shards agree on.</summary>
    public static List<WorkItem> Items(IReadOnlyList<(FarmSpec Farm, SimulationSettings Settings)> variants)
    {
        var items = new List<WorkItem>();
        for (int v = 0; v < variants.Count; v++)
            for (int r = 0; r < variants[v].Settings.Replications; r++) items.Add(new WorkItem(v, r));
        return items;
    }

    public static Dictionary<WorkItem, ReplicationResult> Run(IReadOnlyList<(FarmSpec Farm, SimulationSettings Settings)> variants,
        Shard shard, int? threads = null, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var all = Items(variants);
        var mine = all.Where((_, i) => shard.Owns(i)).ToList();
        var results = new ReplicationResult[mine.Count];
        int done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount, CancellationToken = cancellation };
        Parallel.For(0, mine.Count, options, i =>
        {
            var (farm, settings) = variants[mine[i].Variant];
            // A sweep keeps numbers, not distributions: the histograms are let go at once.
            results[i] = new FarmReplication(farm, settings, mine[i].Replication).Run(cancellation) with { AppLatency = null };
            progress?.Report((double)Interlocked.Increment(ref done) / mine.Count);
        });
        return mine.Select((item, i) => (item, i)).ToDictionary(x => x.item, x => results[x.i]);
    }

    /// <summary>
    /// The paired difference b − a of a metric over replications run with the same random numbers,
    /// with its 95% interval: far tighter than comparing two separate intervals.
    /// </summary>
    public static (double Mean, double Low, double High) PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var differences = a.Zip(b, (x, y) => y - x).Where(double.IsFinite).ToList();
        return differences.Count == 0 ? (double.NaN, double.NaN, double.NaN) : Summary.MeanWithInterval(differences);
    }
}
