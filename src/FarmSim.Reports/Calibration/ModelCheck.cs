using System.Text;
using FarmSim.Calibration;
using FarmSim.Experiments;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;
using FarmSim.Reports.Charts;
using ScottPlot;

namespace FarmSim.Reports.Calibration;

/// <summary>One figure the logs observed beside the simulated one, and what the gap says.</summary>
public sealed record CheckedFigure(string App, string Figure, double Observed, double Simulated, double Low, double High)
{
    public bool Within => Observed >= Low && Observed <= High;
    public double Gap => Simulated / Observed - 1;

    public string Verdict => !double.IsFinite(Observed) || !double.IsFinite(Simulated) ? "not comparable"
        : Within ? "within the simulated 95% interval"
        : $"the model is {Math.Abs(Gap):0.#%} {(Gap > 0 ? "above" : "below")} the logs";
}

/// <summary>
/// The model against its farm: a scenario's simulated throughput per window and p50/p95/p99 per
/// app beside what the farm's logs observed over the same span, with the simulated intervals and
/// the gaps said plainly. A logged time taken runs from the request's first byte in to its last
/// byte out on the front-end; a simulated response time also holds the hops the scenario gives,
/// so a calibrated scenario (no hops) compares like with like.
/// </summary>
public static class ModelCheck
{
    public const string Markdown = "check.md", FiguresCsv = "check.csv", OverTimeCsv = "check_over_time.csv", Chart = "check.png";

    private static readonly (string Figure, string Metric, double Quantile)[] Latencies =
        [("p50 ms", "latency_p50_ms", 0.50), ("p95 ms", "latency_p95_ms", 0.95), ("p99 ms", "latency_p99_ms", 0.99)];

    public static IReadOnlyList<CheckedFigure> Figures(RunResult run, Observed observed)
    {
        var settings = run.Settings;
        int firstMeasured = (int)Math.Floor(settings.Warmup / observed.Window + 1e-9);
        var figures = new List<CheckedFigure>();
        foreach (var app in observed.Apps)
        {
            SummaryRow? Row(string metric) => run.Summary.FirstOrDefault(r => r.Scope == "app" && r.Name == app.Name && r.Metric == metric);
            // The logs over the measured period only, as the summary is.
            var times = new ServiceTimeHistogram();
            for (int w = firstMeasured; w < observed.Windows; w++) times.Add(app.WindowTimes[w]);
            double measured = Enumerable.Range(firstMeasured, observed.Windows - firstMeasured).Sum(w => app.ThroughputRps[w] * observed.Window);
            double span = Math.Min(settings.Duration, (observed.Windows - firstMeasured) * observed.Window);
            if (Row("throughput_rps") is { } tp) figures.Add(new(app.Name, "throughput /s", measured / span, tp.Value, tp.Ci95Low, tp.Ci95High));
            foreach (var (figure, metric, q) in Latencies)
                if (Row(metric) is { } r) figures.Add(new(app.Name, figure, times.Quantile(q) * 1e3, r.Value, r.Ci95Low, r.Ci95High));
        }
        return figures;
    }

    public static void Write(string folder, Scenario scenario, RunResult run, Observed observed)
    {
        var figures = Figures(run, observed);
        CsvFile.Write(Path.Combine(folder, FiguresCsv), ["app", "figure", "observed", "simulated", "ci95_low", "ci95_high", "verdict"], csv =>
        {
            foreach (var f in figures)
            {
                csv.WriteField(f.App);
                csv.WriteField(f.Figure);
                csv.WriteField(CsvFile.Format(f.Observed));
                csv.WriteField(CsvFile.Format(f.Simulated));
                csv.WriteField(CsvFile.Format(f.Low));
                csv.WriteField(CsvFile.Format(f.High));
                csv.WriteField(f.Verdict);
                csv.NextRecord();
            }
        });
        var rows = OverTime(run, observed);
        CsvFile.Write(Path.Combine(folder, OverTimeCsv), ["window_start_s", "app", "observed_rps", "simulated_rps", "ci95_low", "ci95_high", "observed_p95_ms", "simulated_p95_ms"], csv =>
        {
            foreach (var r in rows)
            {
                csv.WriteField(CsvFile.Format(r.Start));
                csv.WriteField(r.App);
                foreach (double v in new[] { r.ObservedRps, r.SimulatedRps, r.Low, r.High, r.ObservedP95, r.SimulatedP95 }) csv.WriteField(CsvFile.Format(v));
                csv.NextRecord();
            }
        });
        File.WriteAllBytes(Path.Combine(folder, Chart), Draw(scenario, observed, rows));
        File.WriteAllText(Path.Combine(folder, Markdown), Text(scenario, run, observed, figures, rows));
    }

    private sealed record Window(double Start, string App, double ObservedRps, double SimulatedRps, double Low, double High, double ObservedP95, double SimulatedP95);

    private static List<Window> OverTime(RunResult run, Observed observed)
    {
        var rows = new List<Window>();
        var series = run.TimeSeries;
        foreach (var app in observed.Apps)
        {
            var tp = series.Series.FirstOrDefault(s => s.Scope == Scope.App && s.Name == app.Name && s.Metric == "throughput_rps");
            var p95 = series.Series.FirstOrDefault(s => s.Scope == Scope.App && s.Name == app.Name && s.Metric == "latency_p95_ms");
            for (int w = 0; w < Math.Min(observed.Windows, series.Windows); w++)
                rows.Add(new Window(w * observed.Window, app.Name, app.ThroughputRps[w], tp?.Values[w] ?? double.NaN, tp?.Low?[w] ?? double.NaN, tp?.High?[w] ?? double.NaN,
                    app.WindowTimes[w].Count > 0 ? app.WindowTimes[w].Quantile(0.95) * 1e3 : double.NaN, p95?.Values[w] ?? double.NaN));
        }
        return rows;
    }

    private static string Text(Scenario scenario, RunResult run, Observed observed, IReadOnlyList<CheckedFigure> figures, List<Window> rows)
    {
        var md = new StringBuilder();
        md.Append($"# The model against its farm: {scenario.Name}\n\n");
        md.Append($"{run.Settings.Replications} replications of `{scenario.Name}` beside what {observed.Reading.Files.Count} log file(s) observed ({observed.Reading.Requests:N0} requests, {observed.Reading.Skipped:N0} lines skipped), ");
        md.Append($"window by window from {DateTimeOffset.FromUnixTimeSeconds((long)observed.Origin):yyyy-MM-dd HH:mm} UTC (the logs' first minute is the run's start). ");
        md.Append("A logged time taken runs from the request's first byte in to its last byte out on its front-end; a simulated response time also holds the scenario's hops.\n\n");
        md.Append("| app | figure | observed | simulated (95% interval) | gap |\n|---|---|---|---|---|\n");
        foreach (var f in figures)
            md.Append($"| {f.App} | {f.Figure} | {f.Observed:0.##} | {f.Simulated:0.##} [{f.Low:0.##}, {f.High:0.##}] | {f.Verdict} |\n");
        md.Append("\nWindow by window:\n\n");
        foreach (var app in observed.Apps)
        {
            var mine = rows.Where(r => r.App == app.Name && r.ObservedRps > 0 && double.IsFinite(r.SimulatedRps)).ToList();
            if (mine.Count == 0) continue;
            double mape = mine.Average(r => Math.Abs(r.SimulatedRps / r.ObservedRps - 1));
            var worst = mine.MaxBy(r => Math.Abs(r.SimulatedRps / r.ObservedRps - 1))!;
            int inside = mine.Count(r => r.ObservedRps >= r.Low && r.ObservedRps <= r.High);
            md.Append($"- {app.Name}: the simulated throughput is {mape:0.#%} from the logged one on average over {mine.Count} windows; {inside} of them hold the logged figure within the simulated interval; ");
            md.Append($"the worst is the window at {worst.Start / 60:0.#} min ({worst.ObservedRps:0.##}/s logged, {worst.SimulatedRps:0.##}/s simulated).\n");
        }
        var misses = figures.Where(f => !f.Within && double.IsFinite(f.Gap)).ToList();
        md.Append(misses.Count == 0
            ? "\nEvery figure the logs observed lies within the simulated interval.\n"
            : $"\nGaps to look into before trusting a what-if: {string.Join("; ", misses.Select(f => $"{f.App} {f.Figure} ({f.Verdict})"))}.\n");
        md.Append($"\n![observed against simulated]({Chart})\n\nThe figures are in `{FiguresCsv}` and `{OverTimeCsv}`.\n");
        return md.ToString();
    }

    private static byte[] Draw(Scenario scenario, Observed observed, List<Window> rows)
    {
        double unit = observed.Windows * observed.Window >= 6 * 3600 ? 3600 : 60;
        string timeLabel = unit == 3600 ? "time (h)" : "time (min)";
        Plot Panel(string title, string yLabel, Func<Window, double> logged, Func<Window, double> simulated, Func<Window, (double, double)>? band)
        {
            var plot = ChartStyle.NewPlot(title, timeLabel, yLabel);
            for (int a = 0; a < observed.Apps.Count; a++)
            {
                var color = ChartStyle.ColorOf(a);
                var mine = rows.Where(r => r.App == observed.Apps[a].Name).ToList();
                double[] xs = mine.Select(r => (r.Start + observed.Window / 2) / unit).ToArray();
                if (band is not null && mine.All(r => band(r) is var (l, h) && double.IsFinite(l) && double.IsFinite(h)))
                {
                    var fill = plot.Add.FillY(xs, mine.Select(r => band(r).Item1).ToArray(), mine.Select(r => band(r).Item2).ToArray());
                    fill.FillColor = color.WithAlpha(0.15);
                    fill.LineWidth = 0;
                }
                var line = plot.Add.ScatterLine(xs, mine.Select(simulated).ToArray(), color);
                line.LineWidth = 2;
                line.LegendText = $"{observed.Apps[a].Name} simulated";
                var dots = plot.Add.ScatterPoints(xs, mine.Select(logged).ToArray(), color);
                dots.MarkerShape = MarkerShape.OpenCircle;
                dots.MarkerSize = 7;
                dots.LegendText = $"{observed.Apps[a].Name} logged";
            }
            plot.Axes.SetLimitsY(0, rows.Select(r => Math.Max(logged(r), simulated(r))).Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.15);
            plot.ShowLegend(Edge.Right);
            return plot;
        }
        var panels = new List<Plot>
        {
            Panel($"{scenario.Name}: throughput, logged (circles) and simulated (lines, 95% bands)", "requests/s", r => r.ObservedRps, r => r.SimulatedRps, r => (r.Low, r.High)),
            Panel("p95 response time per window, logged and simulated", "p95 (ms)", r => r.ObservedP95, r => r.SimulatedP95, null),
        };
        return ChartImage.Stack(panels.Select(p => (p, 1.0)).ToList(), ChartStyle.Height * 2 / 3 * 2);
    }
}
