using System.Diagnostics;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime;
using FarmSim.Farm.Topology;

namespace FarmSim.Experiments;

/// <summary>What a run of all replications produced.</summary>
public sealed record RunResult(
    FarmSpec Farm,
    SimulationSettings Settings,
    IReadOnlyList<ReplicationResult> Replications,
    IReadOnlyList<SummaryRow> Summary,
    TimeSpan WallTime)
{
    public long EventsProcessed => Replications.Sum(r => r.EventsProcessed);
}

/// <summary>
/// Runs the independent replications of a farm in parallel. Each replication draws only from its
/// own streams and lands in its own slot, so the results do not depend on the number of threads or
/// on which finished first.
/// </summary>
public static class ReplicationRunner
{
    /// <param name="threads">The most replications run at once; null for one per core.</param>
    /// <param name="completed">Called with the number of replications done so far, from any thread.</param>
    public static RunResult Run(FarmSpec farm, SimulationSettings settings, int? threads = null,
        Action<int>? completed = null, CancellationToken cancellation = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = new ReplicationResult[settings.Replications];
        int done = 0;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount,
            CancellationToken = cancellation,
        };
        Parallel.For(0, settings.Replications, options, r =>
        {
            results[r] = new FarmReplication(farm, settings, r).Run(cancellation);
            completed?.Invoke(Interlocked.Increment(ref done));
        });
        return new RunResult(farm, settings, results, Summary.Of(results), stopwatch.Elapsed);
    }
}
