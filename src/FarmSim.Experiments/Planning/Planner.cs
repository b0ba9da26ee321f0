using FarmSim.Engine.Distributions;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime;
using FarmSim.Farm.Topology;
using MathNet.Numerics.Distributions;

namespace FarmSim.Experiments.Planning;

public enum PlanGoal { Servers, Headroom, Workers, Users }

/// <summary>One farm the planner simulated, with as many replications as it took to decide its objectives.</summary>
public sealed record Candidate(string Parameter, double Value, FarmSpec Farm, IReadOnlyList<ReplicationResult> Replications,
    IReadOnlyList<SummaryRow> Summary, IReadOnlyList<Verdict> Verdicts)
{
    /// <summary>The condition this candidate was simulated under ("fe3 down", "publish of Portal"); empty for a plain day.</summary>
    public string Condition { get; init; } = "";

    public bool Met => Unstable is null && Verdicts.All(v => v.Met);

    /// <summary>Why a replication of it stopped early, when one did: the farm is unstable, a miss whatever the objectives.</summary>
    public Instability? Unstable => Replications.FirstOrDefault(r => r.Unstable is not null)?.Unstable;

    /// <summary>The objective closest to failing (or failing worst).</summary>
    public Verdict? Worst => Verdicts.OrderBy(v => v.Margin).FirstOrDefault();
}

/// <summary>What the planner found: the answer (null when none exists in range), every candidate, and the analytic view beside it.</summary>
public sealed record PlanResult(PlanGoal Goal, IReadOnlyList<(string Parameter, double Value)> Answer, Candidate? Chosen,
    IReadOnlyList<Candidate> Candidates, IReadOnlyList<(string Parameter, double Value)> Analytic, IReadOnlyList<string> AnalyticCaveats,
    string? WhyNone, Verdict? FirstToBreak)
{
    public string AnswerLine => Answer.Count == 0 ? "answer: none"
        : "answer: " + string.Join(", ", Answer.Select(a => $"{a.Parameter} = {Format(a.Value)}"));

    public static string Format(double value) =>
        value == Math.Floor(value) ? value.ToString("0", System.Globalization.CultureInfo.InvariantCulture) : value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The capacity planner. An analytic first guess (each zone as M/M/c; a closed population by Mean Value Analysis) starts and bounds the search;
/// simulation decides: a stepping and bisection search on the integer or continuous parameter, where
/// each candidate gets the scenario's replications and more (up to a limit) while a target sits
/// inside an interval, so replications are spent where the answer is close. Every candidate uses
/// the same seed and named streams: common random numbers across candidates. Deterministic for a seed.
/// </summary>
public sealed partial class Planner(Scenario scenario, IReadOnlyList<ServiceLevel> levels, int maxReplications, int? threads = null,
    Action<string>? log = null, CancellationToken cancellation = default, PlanConditions? conditions = null)
{
    private readonly PlanConditions _conditions = conditions ?? PlanConditions.None;
    private IReadOnlyList<string> _plannedZones = [];
    private readonly List<Candidate> _candidates = [];
    private readonly Dictionary<(string, double), Candidate> _cache = [];
    private SimulationSettings Settings => scenario.Simulation;

    /// <summary>
    /// Simulates a farm under each of the plan's conditions: the first variant that misses is the
    /// candidate's verdict; when all meet, the one closest to missing (the worst loss) stands for it.
    /// </summary>
    /// <param name="key">What identifies the farm, when more than the parameter does (the other zones' sizes).</param>
    private Candidate Evaluate(string parameter, double value, FarmSpec farm, string key = "")
    {
        Candidate? worst = null;
        foreach (var (condition, variant) in _conditions.Variants(farm, _plannedZones, Settings))
        {
            var candidate = EvaluateOne(parameter, value, variant, key, condition);
            if (!candidate.Met) return candidate;
            if (worst is null || (candidate.Worst?.Margin ?? 0) < (worst.Worst?.Margin ?? 0)) worst = candidate;
        }
        // No variant (no server to lose, no zone to publish): the farm itself is the candidate.
        return worst ?? EvaluateOne(parameter, value, farm, key, "");
    }

    /// <summary>Simulates one farm, adding replications while any objective is undecided.</summary>
    private Candidate EvaluateOne(string parameter, double value, FarmSpec farm, string key, string condition)
    {
        key += condition.Length > 0 ? $" [{condition}]" : "";
        string said = $"{parameter} = {PlanResult.Format(value)}{(condition.Length > 0 ? $" with {condition}" : "")}";
        if (_cache.TryGetValue((parameter + key, value), out var known)) return known;
        var replications = new List<ReplicationResult>();
        // An interval needs two replications.
        int wanted = Math.Max(2, Math.Min(Settings.Replications, maxReplications));
        while (true)
        {
            int from = replications.Count;
            var more = new ReplicationResult[wanted - from];
            Parallel.For(0, more.Length, new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount, CancellationToken = cancellation },
                i => more[i] = new FarmReplication(farm, Settings with { Replications = wanted }, from + i).Run(cancellation) with { AppLatency = null });
            replications.AddRange(more);
            if (replications.Any(r => r.Unstable is not null))
            {
                // An unstable farm misses every objective: its figures stop where it stopped.
                var unstable = new Candidate(parameter, value, farm, replications, Experiments.Summary.Of(replications), levels.Select(l => Verdict.Unmeasured(l)).ToList()) { Condition = condition };
                _candidates.Add(unstable);
                _cache[(parameter + key, value)] = unstable;
                log?.Invoke($"{said}: unstable, a miss: {unstable.Unstable!.Message}");
                return unstable;
            }
            var summary = Experiments.Summary.Of(replications);
            // An objective with nothing measured (an app with no completion) is missed, not passed over.
            var series = levels.Any(l => l.AtPeak) ? TimeSeriesSummary.Mean(replications.Select(r => r.TimeSeries).ToList()) : null;
            var verdicts = levels.SelectMany(l => (l.AtPeak ? WindowChecks.AtPeak(l, series!, Settings, farm) : l.Evaluate(summary)).DefaultIfEmpty(Verdict.Unmeasured(l))).ToList();
            // More replications only where they can change the outcome: nothing is clearly missed yet.
            bool undecided = verdicts.Any(v => v.Decision == Decision.WithinNoise) && verdicts.All(v => v.Decision != Decision.ClearlyMissed);
            if (!undecided || wanted >= maxReplications)
            {
                var candidate = new Candidate(parameter, value, farm, replications, summary, verdicts) { Condition = condition };
                _candidates.Add(candidate);
                _cache[(parameter + key, value)] = candidate;
                log?.Invoke($"{said}: {(candidate.Met ? "meets every objective" : $"misses {Describe(candidate.Worst!)}")} ({replications.Count} replications)");
                return candidate;
            }
            wanted = Math.Min(2 * wanted, maxReplications);
        }
    }

    public static string Describe(Verdict v) =>
        $"{v.Level.Text} on {v.Entity}: {v.Row.Value:0.###} [{v.Row.Ci95Low:0.###}, {v.Row.Ci95High:0.###}]{(v.Decision == Decision.WithinNoise ? ", within noise" : "")}";

    /// <summary>The smallest value in [low, high] whose farm meets every objective, from the analytic guess.</summary>
    private Candidate? Smallest(int low, int high, int guess, Func<int, Candidate> evaluate)
    {
        int start = Math.Clamp(guess, low, high);
        int good, bad;
        var first = evaluate(start);
        if (first.Met)
        {
            good = start;
            bad = low - 1;
        }
        else
        {
            bad = start;
            while (true)
            {
                if (bad >= high) return null;
                int next = Math.Min(high, bad + Math.Max(1, bad - low + 1)); // double the distance from the bottom
                if (evaluate(next).Met)
                {
                    good = next;
                    break;
                }
                bad = next;
            }
        }
        while (good - bad > 1)
        {
            int middle = bad + (good - bad) / 2;
            if (evaluate(middle).Met) good = middle;
            else bad = middle;
        }
        return evaluate(good);
    }

    public PlanResult FindWorkers()
    {
        var zones = ZonesWithApps();
        _plannedZones = zones.Select(z => z.Name).ToList();
        var estimates = zones.Select(z => AnalyticMinimum(z, w => Members(z, scenario.Farm).Count * w, 1, 100_000)).ToList();
        // No M/M/c size meets the objectives: search a modest range, to show it and say why.
        int? analytic = estimates.All(e => e is not null) ? estimates.Max() : null;
        int highest = analytic is { } a ? Math.Max(4 * a, 64) : 256;
        var chosen = Smallest(1, highest, analytic ?? 1, w => Evaluate("workers", w, scenario.Farm with
        {
            Servers = scenario.Farm.Servers.Select(s => s with { Workers = w }).ToList(),
        }));
        return Result(PlanGoal.Workers, chosen is null ? [] : [("workers", chosen.Value)], chosen, analytic is { } estimate ? [("workers", estimate)] : [], "workers");
    }

    /// <param name="zones">Where copies of the template go: each zone is sized in turn (twice over, for servers that zones share).</param>
    public PlanResult FindServers(IReadOnlyList<string> zones, string template)
    {
        var templateSpec = scenario.Farm.Servers.First(s => s.Name == template);
        zones = zones.Distinct().ToList();
        _plannedZones = zones;
        // Every zone starts at its M/M/c estimate, so sizing one is not judged with the others starved.
        var estimates = zones.ToDictionary(z => z, z =>
        {
            var spec = scenario.Farm.Zones.First(s => s.Name == z);
            return AnalyticMinimum(spec, n => Members(spec, scenario.Farm).Sum(s => s.Workers) + n * templateSpec.Workers, 0, 10_000);
        });
        var added = zones.ToDictionary(z => z, z => estimates[z] ?? 0);
        FarmSpec FarmWith(Dictionary<string, int> extra)
        {
            var servers = scenario.Farm.Servers.ToList();
            var zoneSpecs = scenario.Farm.Zones.ToList();
            foreach (var (zone, count) in extra)
                for (int i = 1; i <= count; i++)
                {
                    string name = $"{template}+{zone}{i}";
                    servers.Add(templateSpec with { Name = name });
                    int z = zoneSpecs.FindIndex(s => s.Name == zone);
                    if (!zoneSpecs[z].HoldsAllServers) zoneSpecs[z] = zoneSpecs[z] with { Servers = [.. zoneSpecs[z].Servers, name] };
                }
            return scenario.Farm with { Servers = servers, Zones = zoneSpecs };
        }
        string Key(Dictionary<string, int> extra) => string.Join(",", extra.Select(kv => $"{kv.Key}:{kv.Value}"));
        int MembersOf(string zone, Dictionary<string, int> extra)
        {
            var farm = FarmWith(extra);
            return farm.MembersOf(farm.Zones.First(z => z.Name == zone)).Count;
        }

        var analytic = new List<(string, double)>();
        Candidate? chosen = null;
        for (int pass = 0; pass < (zones.Count > 1 ? 2 : 1); pass++)
            foreach (string zone in zones)
            {
                int existing = MembersOf(zone, added.ToDictionary(kv => kv.Key, kv => kv.Key == zone ? 0 : kv.Value));
                int? estimate = pass > 0 ? added[zone] : estimates[zone];
                if (pass == 0 && estimate is { } e) analytic.Add(($"servers.{zone}", existing + e));
                int guess = estimate ?? 0;
                // No M/M/c size meets the objectives: search a modest range, to show it and say why.
                int highest = estimate is null ? 16 : Math.Max(4 * Math.Max(guess, 1), 32);
                var found = Smallest(0, highest, guess, n =>
                {
                    var trial = new Dictionary<string, int>(added) { [zone] = n };
                    return Evaluate($"servers.{zone}", existing + n, FarmWith(trial), zones.Count > 1 ? $" ({Key(trial)})" : "");
                });
                if (found is null)
                    return Result(PlanGoal.Servers, [], null, analytic, $"servers.{zone}");
                added[zone] = (int)found.Value - existing;
                chosen = found;
            }
        var answer = zones.Select(z => ($"servers.{z}", (double)MembersOf(z, added))).ToList();
        return Result(PlanGoal.Servers, answer, chosen, analytic, "servers");
    }

    public PlanResult FindHeadroom()
    {
        _plannedZones = ZonesWithApps().Select(z => z.Name).ToList();
        FarmSpec Scaled(double factor) => scenario.Farm.WithLoad(factor);
        double saturation = OfferedLoad.PerZone(scenario.Farm).Where(l => l.Offered > 0).Select(l => l.Capacity / l.Offered).DefaultIfEmpty(1).Min();
        double analytic = AnalyticHeadroom(saturation);
        Candidate Try(double factor) => Evaluate("load", Math.Round(factor, 4), Scaled(Math.Round(factor, 4)));

        double low = 0, high;
        Candidate? best = null;
        var today = Try(1);
        if (today.Met)
        {
            low = 1;
            best = today;
            high = Math.Max(saturation, 1.01);
            var top = Try(high);
            if (top.Met) return Result(PlanGoal.Headroom, [("headroom", Hundredths(high))], top, [("headroom", analytic)], "load",
                whyLimit: $"the objectives still hold where the busiest zone's servers are saturated ({PlanResult.Format(high)} × today's load)");
        }
        else high = 1;
        // Bisection to 1% of the load: the largest multiple of today's load that meets every objective.
        // Below 1% of today's load the search gives up: then no multiple worth running meets them.
        while ((high - low) / high > 0.01 && high > 0.01)
        {
            double middle = (low + high) / 2;
            var candidate = Try(middle);
            if (candidate.Met)
            {
                low = middle;
                best = candidate;
            }
            else high = middle;
        }
        if (best is null)
            return Result(PlanGoal.Headroom, [], null, [("headroom", analytic)], "load",
                whyLimit: "even 1% of today's load misses an objective; nothing the load can do will meet them");
        double answer = Hundredths(best.Value);
        return Result(PlanGoal.Headroom, [("headroom", answer)], best, [("headroom", analytic)], "load");
    }

    private PlanResult Result(PlanGoal goal, IReadOnlyList<(string, double)> answer, Candidate? chosen, IReadOnlyList<(string, double)> analytic,
        string parameter, string? whyLimit = null)
    {
        // What breaks first: the objective worst off at the smallest failing candidate above the answer.
        var failing = _candidates.Where(c => !c.Met).OrderBy(c => goal is PlanGoal.Headroom or PlanGoal.Users ? c.Value : -c.Value).ToList();
        // Headroom: the lowest failing load above the answer. Servers and workers: the largest failing
        // size below the answer (of the same parameter), or the largest tried when there is none.
        Candidate? First(IEnumerable<Candidate> candidates) => goal is PlanGoal.Headroom or PlanGoal.Users
            ? candidates.FirstOrDefault(c => chosen is null || c.Value > chosen.Value)
            : candidates.FirstOrDefault(c => chosen is null || (c.Parameter == chosen.Parameter && c.Value < chosen.Value));
        var firstFailing = First(failing);
        // An unstable candidate breaks on no objective in particular: what breaks first is the first stable one's.
        var breaks = First(failing.Where(c => c.Unstable is null))?.Worst;
        string? whyNone = answer.Count > 0 ? whyLimit : WhyNone(firstFailing, whyLimit);
        return new PlanResult(goal, answer, chosen, _candidates.ToList(), analytic, goal == PlanGoal.Users ? MvaCaveats() : Caveats(), whyNone, breaks);
    }

    /// <summary>The reason no candidate in range met every objective, naming the bottleneck that more capacity cannot fix.</summary>
    private string WhyNone(Candidate? last, string? why)
    {
        if (why is not null) return why;
        if (last?.Unstable is { } unstable) return $"no candidate in range met every objective; the largest tried is unstable: {unstable.Message}";
        var worst = last?.Worst;
        if (worst is null) return "no candidate in the searched range met every objective";
        string text = $"no candidate in range met every objective; the largest tried still misses {Describe(worst)}";
        if (worst.Level.Scope == "app" && worst.Level.Metric.StartsWith("latency_p", StringComparison.Ordinal) && worst.Level.Metric.EndsWith("_ms", StringComparison.Ordinal)
            && scenario.Farm.Apps.FirstOrDefault(a => a.Name == worst.Row.Name) is { Classes: null })
        {
            string name = worst.Row.Name;
            var app = scenario.Farm.Apps.First(a => a.Name == name);
            double p = double.Parse(worst.Level.Metric["latency_p".Length..^"_ms".Length], System.Globalization.CultureInfo.InvariantCulture);
            // On the zone's fastest server, with no wait at all: no number of front-ends or workers does better.
            var zone = scenario.Farm.Zones.First(z => z.Name == app.Zone);
            double fastest = last!.Farm.MembersOf(last.Farm.Zones.First(z => z.Name == zone.Name)).Max(n => last.Farm.Servers.First(s => s.Name == n).Speed);
            double floor = (app.Service.Quantile(p / 100) / fastest + scenario.Farm.Proxy.Latency) * 1000;
            if (floor > worst.Level.Target)
                text += $": even on its fastest server, with no wait, {name}'s service time plus the proxy hop has p{p:0} = {floor:0.###} ms, above the target; " +
                    "more front-ends or workers cannot fix that, only faster service can";
        }
        return text;
    }

    private List<ZoneSpec> ZonesWithApps() => scenario.Farm.Zones.Where(z => scenario.Farm.Apps.Any(a => a.Zone == z.Name)).ToList();

    private static List<FrontEndSpec> Members(ZoneSpec zone, FarmSpec farm) =>
        farm.MembersOf(zone).Select(n => farm.Servers.First(s => s.Name == n)).ToList();

    /// <summary>Rounded down to hundredths, so the answer never exceeds what was shown to hold (1e-9 keeps 1.13 from becoming 1.12).</summary>
    private static double Hundredths(double value) => Math.Floor(value * 100 + 1e-9) / 100;
}
