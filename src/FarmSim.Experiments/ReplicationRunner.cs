using System.Diagnostics;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime;
using FarmSim.Farm.Topology;

namespace FarmSim.Experiments;

/// <summary>
/// What a run of all replications produced: each replication's metrics, their summary, the time
/// series averaged over replications, and the latency distributions of the farm and each app.
/// </summary>
public sealed record RunResult(
    FarmSpec Farm,
    SimulationSettings Settings,
    IReadOnlyList<ReplicationResult> Replications,
    IReadOnlyList<SummaryRow> Summary,
    TimeSeries TimeSeries,
    IReadOnlyList<LatencyDistribution> Distributions,
    TimeSpan WallTime)
{
    public long EventsProcessed => Replications.Sum(r => r.EventsProcessed);

    /// <summary>The first replication that stopped because the farm is unstable, if any did: then the figures are not the farm's.</summary>
    public Instability? Unstable => Replications.FirstOrDefault(r => r.Unstable is not null)?.Unstable;
}

/// <summary>
/// Runs the independent replications of a farm in parallel. Each replication draws only from its
/// own streams and lands in its own slot, so the results do not depend on the number of threads or
/// on which finished first.
/// </summary>
public static class ReplicationRunner
{
    /// <param name="threads">The most replications run at once; null for one per core.</param>
    /// <param name="progress">Hears the fraction of all replications' simulated time done, from any thread.</param>
    public static RunResult Run(FarmSpec farm, SimulationSettings settings, int? threads = null,
        IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = new ReplicationResult[settings.Replications];
        // Histograms are merged as replications finish and then let go: memory stays one per app.
        var merged = farm.Apps.Select(_ => Tally.NewHistogram()).ToArray();
        var done = new double[settings.Replications];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount,
            CancellationToken = cancellation,
        };
        Parallel.For(0, settings.Replications, options, r =>
        {
            Action<double>? report = progress is null ? null : fraction =>
            {
                Volatile.Write(ref done[r], fraction);
                double sum = 0;
                for (int i = 0; i < done.Length; i++) sum += Volatile.Read(ref done[i]);
                progress.Report(sum / done.Length);
            };
            var result = new FarmReplication(farm, settings, r).Run(cancellation, report);
            lock (merged)
            {
                for (int a = 0; a < merged.Length; a++) merged[a].Add(result.AppLatency![a]);
            }
            results[r] = result with { AppLatency = null };
        });

        var distributions = new List<LatencyDistribution>();
        var all = Tally.NewHistogram();
        foreach (var histogram in merged) all.Add(histogram);
        if (LatencyDistribution.From(Scope.Farm, "farm", all) is { } farmDistribution) distributions.Add(farmDistribution);
        for (int a = 0; a < merged.Length; a++)
            if (LatencyDistribution.From(Scope.App, farm.Apps[a].Name, merged[a]) is { } d) distributions.Add(d);

        return new RunResult(farm, settings, results, Summary.Of(results),
            TimeSeriesSummary.Mean(results.Select(r => r.TimeSeries).ToList()), distributions, stopwatch.Elapsed);
    }
}
