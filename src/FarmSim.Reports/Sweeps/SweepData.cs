using FarmSim.Experiments;
using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;

namespace FarmSim.Reports.Sweeps;

/// <summary>
/// A complete sweep, read back from its folder's plan and replications: what sweep.csv, the charts
/// and the report are computed from, whether the work ran on one machine or was merged from shards.
/// </summary>
public sealed class SweepData
{
    private readonly Dictionary<WorkItem, ReplicationResult> _results;
    private readonly Dictionary<int, IReadOnlyList<SummaryRow>> _summaries = [];

    public SweepData(SweepPlan plan, Dictionary<WorkItem, ReplicationResult> results)
    {
        Plan = plan;
        _results = results;
        var missing = plan.Variants.SelectMany(v => Enumerable.Range(0, v.Scenario.Simulation.Replications).Select(r => new WorkItem(v.Index, r)))
            .Where(item => !results.ContainsKey(item)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"the sweep is incomplete: {missing.Count} replications missing (first: variant {missing[0].Variant}, replication {missing[0].Replication})");
    }

    public SweepPlan Plan { get; }

    public static SweepData Load(string folder) =>
        new(SweepFiles.ReadPlan(Path.Combine(folder, SweepFiles.Plan)), SweepFiles.ReadResults(folder));

    /// <summary>Why a variant's farm is unstable (saturated), if a replication of it stopped: its figures then stop where it stopped.</summary>
    public Instability? UnstableOf(int variant) =>
        Enumerable.Range(0, Plan.Variants[variant].Scenario.Simulation.Replications).Select(r => _results[new WorkItem(variant, r)].Unstable).FirstOrDefault(u => u is not null);

    public IReadOnlyList<ReplicationResult> Replications(int variant) =>
        Enumerable.Range(0, Plan.Variants[variant].Scenario.Simulation.Replications).Select(r => _results[new WorkItem(variant, r)]).ToList();

    public IReadOnlyList<SummaryRow> Summary(int variant)
    {
        if (!_summaries.TryGetValue(variant, out var rows)) _summaries[variant] = rows = Experiments.Summary.Of(Replications(variant));
        return rows;
    }

    public SummaryRow? Row(int variant, string scope, string name, string metric) =>
        Summary(variant).FirstOrDefault(r => r.Scope == scope && r.Name == name && r.Metric == metric);

    /// <summary>One metric's value in each replication of a variant, in replication order (for paired differences).</summary>
    public IReadOnlyList<double> PerReplication(int variant, string scope, string name, Metric metric) =>
        Replications(variant).Select(r => r.Entities.FirstOrDefault(e => MetricNames.Of(e.Scope) == scope && e.Name == name)?[metric] ?? double.NaN).ToList();

    /// <summary>
    /// The dimension drawn along the x axis: load, if varied; otherwise the last one whose values are
    /// all quantities (a number alone, a duration, a rate or a share).
    /// </summary>
    public int? Axis
    {
        get
        {
            int load = Plan.Dimensions.ToList().FindIndex(d => d.Path == SweepDimension.Load);
            if (load >= 0) return load;
            for (int d = Plan.Dimensions.Count - 1; d >= 0; d--)
                if (Plan.Dimensions[d].Values.All(v => Number(v) is not null)) return d;
            return null;
        }
    }

    /// <summary>A whole value read as a quantity in its base unit (seconds, per second, a fraction), or null.</summary>
    public static double? Number(string value)
    {
        if (Units.TryParseDuration(value, out double seconds) && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            return seconds;
        if (Units.TryParseRate(value, out double rate) && value.Contains('/')) return rate;
        return Units.TryParseFactor(value, out double factor) ? factor : null;
    }

    /// <summary>An alternative is a combination of every dimension's value but the axis'.</summary>
    public string AlternativeOf(SweepVariant variant)
    {
        int? axis = Axis;
        var others = Plan.Dimensions.Select((d, i) => (d, i)).Where(x => x.i != axis).ToList();
        // With one other dimension its value says it all (the charts and report name the dimension).
        if (others.Count == 1) return variant.Values[others[0].i];
        return others.Count == 0 ? "farm" : string.Join(", ", others.Select(x => $"{x.d.Path}={variant.Values[x.i]}"));
    }

    public IReadOnlyList<string> Alternatives => Plan.Variants.Select(AlternativeOf).Distinct().ToList();

    public double X(SweepVariant variant) => Axis is { } axis ? Number(variant.Values[axis])!.Value : 0;

    /// <summary>
    /// Saturated: more than 0.1% rejected, a server 95% busy or more, or the queues growing: more
    /// than 1% of the requests that arrived neither done, refused, failed nor timed out by the end,
    /// beyond twice what is in flight in a steady state (throughput × mean response time, Little's
    /// law), as a balancer that herds onto one server leaves them while the others idle.
    /// </summary>
    public bool Saturated(int variant) =>
        (Row(variant, "farm", "farm", "rejected_fraction")?.Value ?? 0) > 0.001 || MaxServerUtilization(variant) >= 0.95 || Backlogged(variant);

    private bool Backlogged(int variant)
    {
        double Value(string metric) => Row(variant, "farm", "farm", metric)?.Value is { } v && double.IsFinite(v) ? v : 0;
        double arrivals = Value("arrivals");
        double undone = arrivals - Value("completed") - Value("rejected") - Value("failed") - Value("timeouts");
        double inFlight = Value("throughput_rps") * Value("latency_mean_ms") / 1000;
        return arrivals > 0 && undone > 0.01 * arrivals + 2 * inFlight;
    }

    public double MaxServerUtilization(int variant) =>
        Summary(variant).Where(r => r.Scope == "server" && r.Metric == "utilization").Select(r => r.Value).DefaultIfEmpty(double.NaN).Max();

    public double MinServerUtilization(int variant) =>
        Summary(variant).Where(r => r.Scope == "server" && r.Metric == "utilization").Select(r => r.Value).DefaultIfEmpty(double.NaN).Min();
}
