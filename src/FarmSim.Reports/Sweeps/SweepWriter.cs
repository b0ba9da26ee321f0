using FarmSim.Experiments;
using FarmSim.Farm.Metrics;

namespace FarmSim.Reports.Sweeps;

/// <summary>
/// What a complete sweep folder shows, computed from its plan and replications only: sweep.csv,
/// the charts and the ranking report. A sweep run on one machine and one merged from shards write
/// the same files because they go through here from the same two files.
/// </summary>
public static class SweepWriter
{
    public const string Csv = "sweep.csv";

    public static void Write(string folder, bool plots) => Invariant.Run(() =>
    {
        var data = SweepData.Load(folder);
        WriteCsv(Path.Combine(folder, Csv), data);
        if (!plots) return;
        var charts = new List<(string File, string Title, byte[] Png)>();
        if (data.Axis is not null) charts.Add((SweepCharts.Latency, "Response time and throughput against the swept quantity", SweepCharts.DrawLatency(data)));
        charts.Add((SweepCharts.Percentiles, "p95 and p99 per alternative", SweepCharts.DrawPercentiles(data)));
        charts.Add((SweepCharts.Spread, "How evenly the servers are loaded", SweepCharts.DrawSpread(data)));
        foreach (var (file, _, png) in charts) File.WriteAllBytes(Path.Combine(folder, file), png);
        var page = BuildPage(data, charts);
        page.WriteTo(folder);
    });

    /// <summary>One column per varied parameter, named by its path, then the columns of summary.csv.</summary>
    private static void WriteCsv(string path, SweepData data) =>
        CsvFile.Write(path, [.. data.Plan.Dimensions.Select(d => d.Path), .. SummaryCsv.Header], csv =>
        {
            foreach (var variant in data.Plan.Variants)
                foreach (var row in data.Summary(variant.Index))
                {
                    foreach (string value in variant.Values) csv.WriteField(value);
                    SummaryCsv.WriteFields(csv, row);
                }
        });

    public sealed record Ranking(string At, string Best, SummaryRow BestP99, string? RunnerUp, SummaryRow? RunnerUpP99, (double Mean, double Low, double High) Difference);

    /// <summary>
    /// At each value of the swept quantity (or once), the alternative with the lowest farm p99, and
    /// how much lower it is than the next one: the paired difference over replications, which share
    /// their random numbers, with its 95% interval.
    /// </summary>
    public static List<Ranking> Rank(SweepData data)
    {
        var rankings = new List<Ranking>();
        foreach (var group in data.Plan.Variants.GroupBy(data.X).OrderBy(g => g.Key))
        {
            // An unstable variant's figures stop where it stopped: it is named as saturated, not ranked.
            var ranked = group.Where(v => data.UnstableOf(v.Index) is null).Select(v => (v, Row: data.Row(v.Index, "farm", "farm", "latency_p99_ms")))
                .Where(x => x.Row is not null).OrderBy(x => x.Row!.Value).ToList();
            if (ranked.Count == 0) continue;
            string at = data.Axis is { } axis ? $"{data.Plan.Dimensions[axis].Path}={group.First().Values[axis]}" : "all";
            var (best, bestRow) = ranked[0];
            if (ranked.Count == 1)
            {
                rankings.Add(new Ranking(at, data.AlternativeOf(best), bestRow!, null, null, (double.NaN, double.NaN, double.NaN)));
                continue;
            }
            var (next, nextRow) = ranked[1];
            var difference = SweepRunner.PairedDifference(
                data.PerReplication(best.Index, "farm", "farm", Metric.LatencyP99Ms), data.PerReplication(next.Index, "farm", "farm", Metric.LatencyP99Ms));
            rankings.Add(new Ranking(at, data.AlternativeOf(best), bestRow!, data.AlternativeOf(next), nextRow, difference));
        }
        return rankings;
    }

    private static Page BuildPage(SweepData data, IReadOnlyList<(string File, string Title, byte[] Png)> charts)
    {
        var first = data.Plan.Variants[0].Scenario;
        var page = new Page($"FarmSim sweep: {first.Name}");
        page.Paragraph($"{data.Plan.Variants.Count} variants × {first.Simulation.Replications} replications of {first.Simulation.Duration:0.##} s measured after a {first.Simulation.Warmup:0.##} s warm-up, seed {first.Simulation.Seed}. " +
            "Fair comparison: every variant used common random numbers (the same arrival and service-time streams for every app it shares), so differences between variants come from what was varied, not from noise.");
        page.List(data.Plan.Dimensions.Select((d, i) => $"{d.Path}{(i == data.Axis ? " (the x axis)" : "")}: {string.Join(", ", d.Values)}"));

        var unstable = data.Plan.Variants.Where(v => data.UnstableOf(v.Index) is not null).ToList();
        if (unstable.Count > 0)
        {
            page.Paragraph($"Unstable (saturated): {unstable.Count} variant(s) were offered more than they serve; a replication of each stopped at the bound on requests in flight, so their figures cover only the time until then and they are left out of the ranking ({SweepFiles.Unstable}):", warning: true);
            page.List(unstable.Select(v => $"{string.Join(", ", data.Plan.Dimensions.Select((d, k) => $"{d.Path}={v.Values[k]}"))}: {data.UnstableOf(v.Index)!.Message}"));
        }
        page.Heading(2, "Ranking on farm p99 (lower is better)");
        var rows = new List<string[]> { new[] { "at", "best", "p99", "next", "p99", "next − best (95% CI, paired)" } };
        foreach (var r in Rank(data))
            rows.Add(
            [
                r.At, r.Best, Ms(r.BestP99), r.RunnerUp ?? "-", r.RunnerUpP99 is null ? "-" : Ms(r.RunnerUpP99),
                r.RunnerUp is null ? "-" : $"{r.Difference.Mean:0.0} ms [{r.Difference.Low:0.0}, {r.Difference.High:0.0}]{(r.Difference.Low > 0 ? "" : " (not clearly better)")}",
            ]);
        page.Table(rows);
        if (data.Axis is not null && data.Alternatives.Count > 2) page.Table(Places(data));

        var saturation = data.Alternatives.Select(a =>
        {
            var first = data.Plan.Variants.Where(v => data.AlternativeOf(v) == a).OrderBy(data.X).FirstOrDefault(v => data.Saturated(v.Index));
            return first is null ? $"{a}: does not saturate in the range swept"
                : $"{a}: saturates at {(data.Axis is { } axis ? $"{data.Plan.Dimensions[axis].Path}={first.Values[axis]}" : "its only point")} (more than 0.1% rejected, a server 95% busy, or more than 1% of arrivals left undone)";
        });
        page.Heading(2, "Saturation").List(saturation);
        page.Heading(2, "Charts");
        foreach (var (file, title, png) in charts) page.Image(title, file, png);
        page.Paragraph($"Every number is in {Csv} (one row set per variant), and every replication's in {SweepFiles.Replications}.");
        return page;
    }

    /// <summary>
    /// Every alternative's place on farm p99 at each value of the swept quantity, best first at the
    /// last value: where the ranking changes with load. A saturated variant is marked with *.
    /// </summary>
    private static List<string[]> Places(SweepData data)
    {
        var groups = data.Plan.Variants.GroupBy(data.X).OrderBy(g => g.Key).ToList();
        double P99(FarmSim.Scenarios.SweepVariant v) => data.Row(v.Index, "farm", "farm", "latency_p99_ms")?.Value ?? double.NaN;
        var place = new Dictionary<int, int>();
        foreach (var group in groups)
        {
            var order = group.Where(v => double.IsFinite(P99(v))).OrderBy(P99).ToList();
            for (int k = 0; k < order.Count; k++) place[order[k].Index] = k + 1;
        }
        FarmSim.Scenarios.SweepVariant? At(string alternative, IGrouping<double, FarmSim.Scenarios.SweepVariant> group) => group.FirstOrDefault(v => data.AlternativeOf(v) == alternative);
        var rows = new List<string[]> { new[] { "p99 (place)" }.Concat(groups.Select(g => g.First().Values[data.Axis!.Value])).ToArray() };
        foreach (string alternative in data.Alternatives.OrderBy(a => At(a, groups[^1]) is { } v && place.TryGetValue(v.Index, out int p) ? p : int.MaxValue))
            rows.Add([alternative, .. groups.Select(g => At(alternative, g) is { } v && place.TryGetValue(v.Index, out int p)
                ? $"{Charts.ChartStyle.Ms(P99(v))} ({p}){(data.Saturated(v.Index) ? " *" : "")}" : "-")]);
        return rows;
    }

    private static string Ms(SummaryRow row) => double.IsFinite(row.HalfWidth) ? $"{row.Value:0.0} ± {row.HalfWidth:0.0} ms" : $"{row.Value:0.0} ms";
}
