using FarmSim.Experiments.Planning;
using FarmSim.Farm.Topology;
using FarmSim.Reports.Charts;
using ScottPlot;

namespace FarmSim.Reports.Planning;

/// <summary>
/// What a plan leaves behind: plan.csv (every candidate evaluated, objective by objective), the
/// charts (each objective against the searched parameter with its interval, the target and the
/// chosen point; latency against load with the knee; utilisation per server at the chosen point)
/// and report.md / report.html with the analytic estimate beside the simulated answer.
/// </summary>
public static class PlanWriter
{
    public const string Csv = "plan.csv";
    public const string ObjectivesChart = "plan_objectives.png";
    public const string LoadChart = "plan_latency_vs_load.png";
    public const string UtilizationChartFile = "plan_utilization.png";

    public static readonly string[] Header =
        ["parameter", "value", "condition", "replications", "candidate_met", "objective", "scope", "name", "metric", "mean", "ci95_low", "ci95_high", "target", "decision"];

    public static void Write(string folder, Scenario scenario, PlanResult plan, bool plots) => Invariant.Run(() =>
    {
        CsvFile.Write(Path.Combine(folder, Csv), Header, csv =>
        {
            foreach (var c in plan.Candidates)
                foreach (var v in c.Verdicts)
                {
                    foreach (object field in new object[] { c.Parameter, PlanResult.Format(c.Value), c.Condition, c.Replications.Count, c.Met, v.Level.Text, v.Row.Scope, v.Row.Name, v.Row.Metric })
                        csv.WriteField(field);
                    csv.WriteField(CsvFile.Format(v.Row.Value));
                    csv.WriteField(CsvFile.Format(v.Row.Ci95Low));
                    csv.WriteField(CsvFile.Format(v.Row.Ci95High));
                    csv.WriteField(CsvFile.Format(v.Level.Target));
                    csv.WriteField(c.Unstable is null ? v.Decision.ToString() : "Unstable"); // stopped early: its figures are cut short
                    csv.NextRecord();
                }
        });
        if (!plots) return;
        var charts = new List<(string File, string Title, byte[] Png)> { (ObjectivesChart, "Each objective against the searched parameter", Objectives(scenario, plan)) };
        if (plan.Goal == PlanGoal.Headroom) charts.Add((LoadChart, "Response time against load", LatencyAgainstLoad(scenario, plan)));
        if (plan.Chosen is { } chosen)
            charts.Add((UtilizationChartFile, "Server utilisation at the answer",
                UtilizationChart.Draw(new ResultsData(scenario with { Farm = chosen.Farm }, chosen.Summary, [], []))));
        foreach (var (file, _, png) in charts) File.WriteAllBytes(Path.Combine(folder, file), png);
        var page = Page(scenario, plan, charts);
        page.WriteTo(folder);
    });

    /// <summary>One panel per objective (up to four): the worst entity's mean and interval per candidate, the target, the answer marked.</summary>
    private static byte[] Objectives(Scenario scenario, PlanResult plan)
    {
        var levels = plan.Candidates.SelectMany(c => c.Verdicts.Select(v => v.Level)).Distinct().Take(4).ToList();
        var panels = new List<Plot>();
        for (int i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            var plot = ChartStyle.NewPlot(i == 0 ? $"{scenario.Name}: objectives against {Parameter(plan)} (worst entity, 95% CI)" : "", Parameter(plan), level.Text);
            // Under conditions (a server down, a publish) a value has several candidates: the worst of them stands for it.
            var points = plan.Candidates.GroupBy(c => c.Value).Select(g => (Value: g.Key, Worst: g.SelectMany(c => c.Verdicts).Where(v => v.Level == level).OrderBy(v => v.Margin).FirstOrDefault()))
                .Where(p => p.Worst is not null && double.IsFinite(p.Worst.Row.Value)).OrderBy(p => p.Value).ToList();
            if (points.Count > 0)
            {
                var xs = points.Select(p => p.Value).ToList();
                plot.Add.ErrorBar(xs, points.Select(p => p.Worst!.Row.Value).ToList(), points.Select(p => double.IsFinite(p.Worst!.Row.HalfWidth) ? p.Worst.Row.HalfWidth : 0).ToList());
                var line = plot.Add.Scatter(xs.ToArray(), points.Select(p => p.Worst!.Row.Value).ToArray(), ChartStyle.ColorOf(i));
                line.LineWidth = 1.5f;
            }
            plot.Add.HorizontalLine(level.Target, 2, Colors.Red.WithAlpha(0.7), LinePattern.Dashed).LabelText = "target";
            if (plan.Chosen is { } chosen && chosen.Verdicts.Where(v => v.Level == level).OrderBy(v => v.Margin).FirstOrDefault() is { } at)
                plot.Add.Marker(chosen.Value, at.Row.Value, MarkerShape.OpenCircle, 18, Colors.Green);
            panels.Add(plot);
        }
        return panels.Count == 1 ? ChartImage.Png(panels[0]) : ChartImage.Grid(panels, columns: 2);
    }

    /// <summary>Farm p95 and p99 against the load factor, the answer (the knee before the objectives break) marked.</summary>
    private static byte[] LatencyAgainstLoad(Scenario scenario, PlanResult plan)
    {
        var plot = ChartStyle.NewPlot($"{scenario.Name}: farm response time against load (95% CI)", "multiple of today's load", "response time (ms)");
        // An unstable candidate's figures stop where it stopped: they would bend the curve down at the knee.
        // Under conditions, each load's worst variant (the highest p95) stands for it.
        var candidates = plan.Candidates.Where(c => c.Unstable is null).GroupBy(c => c.Value)
            .Select(g => g.MaxBy(c => c.Summary.FirstOrDefault(r => r.Scope == "farm" && r.Metric == "latency_p95_ms")?.Value ?? 0)!).OrderBy(c => c.Value).ToList();
        foreach (var (metric, label, color) in new[] { ("latency_p95_ms", "p95", ChartStyle.ColorOf(0)), ("latency_p99_ms", "p99", ChartStyle.ColorOf(1)) })
        {
            var rows = candidates.Select(c => (c.Value, Row: c.Summary.FirstOrDefault(r => r.Scope == "farm" && r.Metric == metric))).Where(r => r.Row is not null).ToList();
            if (rows.Count == 0) continue;
            plot.Add.ErrorBar(rows.Select(r => r.Value).ToList(), rows.Select(r => r.Row!.Value).ToList(), rows.Select(r => double.IsFinite(r.Row!.HalfWidth) ? r.Row.HalfWidth : 0).ToList());
            var line = plot.Add.Scatter(rows.Select(r => r.Value).ToArray(), rows.Select(r => r.Row!.Value).ToArray(), color);
            line.LegendText = label;
        }
        if (plan.Answer.Count > 0)
            plot.Add.VerticalLine(plan.Answer[0].Value, 2, Colors.Green, LinePattern.Dashed).LabelText = $"headroom {PlanResult.Format(plan.Answer[0].Value)}";
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartImage.Png(plot);
    }

    private static string Parameter(PlanResult plan) => plan.Goal switch
    {
        PlanGoal.Headroom => "multiple of today's load",
        PlanGoal.Workers => "workers per server",
        PlanGoal.Users => plan.Answer is [{ Parameter: "users" }] || plan.Candidates.Any(c => c.Parameter == "users") ? "multiple of today's users and session rates" : "users logged in",
        _ => "servers in the zone",
    };

    private static Page Page(Scenario scenario, PlanResult plan, IReadOnlyList<(string File, string Title, byte[] Png)> charts)
    {
        var page = new Page($"FarmSim plan: {scenario.Name}");
        page.Paragraph(plan.Answer.Count > 0 ? $"Finding: {string.Join(", ", plan.Answer.Select(a => $"{a.Parameter} = {PlanResult.Format(a.Value)}"))}." : $"Finding: none. {plan.WhyNone}");
        if (plan.Answer.Count > 0 && plan.WhyNone is not null) page.Paragraph(plan.WhyNone);
        page.Paragraph($"Searched {plan.Candidates.Count} candidates with common random numbers (seed {scenario.Simulation.Seed}); " +
            "each got more replications while a target sat inside its interval. An objective counts as met only when the far end of its 95% interval meets it.");

        string model = plan.Goal == PlanGoal.Users
            ? "Mean Value Analysis of the closed population over its zone's servers, Seidmann's equivalent for servers of several workers (percentile objectives read as if response times were exponential)"
            : "each zone as M/M/c";
        page.Heading(2, $"Analytic estimate ({model})");
        if (plan.Analytic.Count == 0) page.Paragraph(plan.Goal == PlanGoal.Users
            ? "None: Mean Value Analysis needs one closed population with plain service times, and where it applies it found no number of users meeting the objectives."
            : "None: no size meets the objectives in the model.");
        page.List(plan.Analytic.Select(a =>
        {
            var simulated = plan.Answer.FirstOrDefault(x => x.Parameter == a.Parameter);
            return $"{a.Parameter}: {(plan.Goal == PlanGoal.Users ? "MVA" : "M/M/c")} gives {PlanResult.Format(a.Value)}, simulation {(simulated.Parameter is null ? "found none" : PlanResult.Format(simulated.Value))}";
        }));
        bool differs = plan.Analytic.Any(a => plan.Answer.All(x => x.Parameter != a.Parameter || x.Value != a.Value));
        if (differs && plan.AnalyticCaveats.Count > 0)
            page.Paragraph("Where they differ, the reasons that apply here:").List(plan.AnalyticCaveats);

        var conditions = plan.Candidates.Select(c => c.Condition).Where(c => c.Length > 0).Distinct().ToList();
        if (conditions.Count > 0)
            page.Paragraph($"Each candidate had to meet every objective under each of: {string.Join("; ", conditions)}. " +
                (plan.Chosen is { Condition.Length: > 0 } worst ? $"At the answer the worst of them is {worst.Condition}: its figures are the ones below." : ""));
        if (plan.Chosen is { } chosen)
        {
            page.Heading(2, $"Objectives at the answer ({chosen.Parameter} = {PlanResult.Format(chosen.Value)}{(chosen.Condition.Length > 0 ? $", {chosen.Condition}" : "")}, {chosen.Replications.Count} replications)");
            var rows = new List<string[]> { new[] { "objective", "entity", "mean", "95% interval", "target", "decided", "room" } };
            foreach (var v in chosen.Verdicts.OrderBy(v => v.Margin))
                rows.Add([v.Level.Text, v.Entity, $"{v.Row.Value:0.###}", $"[{v.Row.Ci95Low:0.###}, {v.Row.Ci95High:0.###}]", $"{v.Level.Target:0.###}", Decided(v), $"{v.Margin:P1}"]);
            page.Table(rows);
        }
        if (plan.FirstToBreak is { } breaks)
            page.Paragraph($"First to break beyond the answer: {breaks.Level.Text} on {breaks.Entity} ({breaks.Row.Value:0.###}, interval [{breaks.Row.Ci95Low:0.###}, {breaks.Row.Ci95High:0.###}]).", warning: true);

        page.Heading(2, "Charts");
        foreach (var (file, title, png) in charts) page.Image(title, file, png);
        page.Paragraph($"Every candidate and every objective's interval is in {Csv}.");
        return page;
    }

    private static string Decided(Verdict v) => v.Decision switch
    {
        Decision.ClearlyMet => "met: the whole interval is within the target",
        Decision.WithinNoise => "not met: the target is inside the interval",
        _ => "missed: the whole interval is beyond the target",
    };
}
