using FarmSim.Experiments;
using FarmSim.Farm.Topology;
using ScottPlot;

namespace FarmSim.Reports.Charts;

/// <summary>
/// Throughput, p95 response time and queue length per server, window by window, with the farm's
/// throughput and p95 in black, 95% bands where there are replications, and the end of the warm-up
/// marked: a warm-up, a burst or an overload shows. Each point sits at its window's middle. When an
/// app's load changes, panels above show each app's offered rate against its zone's capacity, the
/// users and sessions logged in, and each app's p95 with its worst window shaded and the p95
/// objectives drawn.
/// </summary>
public static class OverTimeChart
{
    public const string FileName = "over_time.png";

    public static byte[] Draw(ResultsData data)
    {
        var panels = Panels(data);
        // Every panel keeps the height it has with three of them.
        return ChartImage.Stack(panels.Select(p => (p, 1.0)).ToList(), ChartStyle.Height * panels.Count / 3);
    }

    /// <summary>The chart's panels, top to bottom.</summary>
    public static List<Plot> Panels(ResultsData data)
    {
        var simulation = data.Scenario.Simulation;
        // A day reads in hours, an hour in minutes.
        double unit = simulation.End >= 6 * 3600 ? 3600 : simulation.End >= 600 ? 60 : 1;
        double Scale(double seconds) => seconds / unit;
        string timeLabel = unit switch { 3600 => "time (h)", 60 => "time (min)", _ => "time (s)" };
        var servers = data.Scenario.Farm.Servers.Select(s => s.Name).ToList();
        var series = servers.Select((s, i) => ("server", s, ChartStyle.ColorOf(i))).Prepend(("farm", "farm", ChartStyle.FarmColor)).ToList();

        Plot Panel(string title, string yLabel, string metric, bool withFarm)
        {
            var plot = ChartStyle.NewPlot(title, timeLabel, yLabel);
            foreach (var (scope, name, color) in series.Where(s => withFarm || s.Item1 != "farm"))
            {
                var rows = data.TimeSeries.Where(r => r.Scope == scope && r.Name == name && r.Metric == metric && double.IsFinite(r.Value)).ToList();
                if (rows.Count == 0) continue;
                double Middle(TimeSeriesCsv.Row r) => Scale(r.WindowStart + Math.Min(simulation.WindowOrDefault, simulation.End - r.WindowStart) / 2);
                double[] xs = rows.Select(Middle).ToArray();
                if (rows.All(r => double.IsFinite(r.Low) && double.IsFinite(r.High)))
                {
                    // Every figure drawn over time is a count, a rate or a time: its band stops at zero.
                    var band = plot.Add.FillY(xs, rows.Select(r => Math.Max(0, r.Low)).ToArray(), rows.Select(r => r.High).ToArray());
                    band.FillColor = color.WithAlpha(0.15);
                    band.LineWidth = 0;
                }
                var line = plot.Add.ScatterLine(xs, rows.Select(r => r.Value).ToArray(), color);
                line.LineWidth = scope == "farm" ? 3 : 1.8f;
                line.LegendText = name;
            }
            if (simulation.Warmup > 0)
            {
                // Named in the legend: a label on the line would sit on the time axis's tick labels.
                var end = plot.Add.VerticalLine(Scale(simulation.Warmup), 1.5f, Colors.Gray, LinePattern.Dashed);
                end.LegendText = "end of warm-up";
            }
            if (metric == "queue_length_mean")
            {
                // A queue length is never negative; when no request waited at all, say so.
                double most = data.TimeSeries.Where(r => r.Scope == "server" && r.Metric == metric && double.IsFinite(r.Value)).Select(r => Math.Max(r.Value, r.High is var h && double.IsFinite(h) ? h : 0)).DefaultIfEmpty(0).Max();
                if (most <= 0) plot.Add.Annotation("no request waited", Alignment.MiddleCenter);
                plot.Axes.SetLimitsY(0, most > 0 ? most * 1.1 : 1);
            }
            plot.ShowLegend(Edge.Right);
            return plot;
        }

        var panels = new List<Plot>();
        var farm = data.Scenario.Farm;
        bool changes = farm.Apps.Any(PeakAndObjectives.Changes) || data.Objectives.Any(o => o.AtPeak);
        if (changes)
        {
            if (data.TimeSeries.Any(r => r.Metric == "offered_rps")) panels.Add(LoadPanel(data, Scale, timeLabel));
            if (data.TimeSeries.Any(r => r.Metric is "active_users" or "active_sessions"))
                panels.Add(AppPanel(data, "users and sessions logged in over time", "active", ["active_users", "active_sessions"], Scale, timeLabel));
            panels.Add(AppP95Panel(data, Scale, timeLabel));
        }
        panels.Add(Panel($"{data.Scenario.Name}: throughput over time (mean of replications, 95% band)", "requests/s", "throughput_rps", withFarm: true));
        panels.Add(Panel("p95 response time over time", "p95 (ms)", "latency_p95_ms", withFarm: true));
        panels.Add(Panel("mean queue length per server over time", "waiting requests", "queue_length_mean", withFarm: false));
        if (data.TimeSeries.Any(r => r.Metric == "errors_rps"))
            panels.Add(AppPanel(data, "failed requests per app over time (refused, or lost in a crash)", "failed/s", ["errors_rps"], Scale, timeLabel));
        foreach (var panel in panels) EventBands.Mark(panel, farm, Scale, simulation.End, data.Outages, simulation.Replications);
        return panels;
    }

    /// <summary>Each app's users' offered rate over time, against its zone's capacity in requests per second (workers × speed over its mean demand).</summary>
    private static Plot LoadPanel(ResultsData data, Func<double, double> scale, string timeLabel)
    {
        var plot = AppPanel(data, $"{data.Scenario.Name}: offered load over time against capacity (dashed)", "requests/s", ["offered_rps"], scale, timeLabel);
        var farm = data.Scenario.Farm;
        var capacity = OfferedLoad.PerZone(farm).ToDictionary(l => l.Zone.Name, l => l.Capacity);
        for (int a = 0; a < farm.Apps.Count; a++)
        {
            var app = farm.Apps[a];
            if (!data.TimeSeries.Any(r => r.Scope == "app" && r.Name == app.Name && r.Metric == "offered_rps") || !(app.MeanDemand > 0)) continue;
            var line = plot.Add.HorizontalLine(capacity[app.Zone] / app.MeanDemand, 1.5f, ChartStyle.ColorOf(a), LinePattern.Dashed);
            line.LegendText = $"{app.Name}: its zone's capacity";
        }
        return plot;
    }

    /// <summary>Each app's p95 over time, its worst window shaded, and every p95 objective drawn as a line.</summary>
    private static Plot AppP95Panel(ResultsData data, Func<double, double> scale, string timeLabel)
    {
        var plot = AppPanel(data, "p95 response time per app over time, its worst window shaded", "p95 (ms)", ["latency_p95_ms"], scale, timeLabel);
        var farm = data.Scenario.Farm;
        foreach (var peak in WindowChecks.PeakP95(data.Series, data.Scenario.Simulation, farm))
        {
            int a = farm.Apps.ToList().FindIndex(x => x.Name == peak.Row.Name);
            var span = plot.Add.HorizontalSpan(scale(peak.Start), scale(peak.End));
            span.FillColor = ChartStyle.ColorOf(a).WithAlpha(0.2);
            span.LineWidth = 0;
        }
        foreach (var level in data.Objectives.Where(o => o.Metric == "latency_p95_ms" && o.Scope is "app" or "farm"))
        {
            var line = plot.Add.HorizontalLine(level.Target, 2, Colors.DarkRed, LinePattern.DenselyDashed);
            line.LegendText = level.Text;
        }
        return plot;
    }

    private static Plot AppPanel(ResultsData data, string title, string yLabel, string[] metrics, Func<double, double> scale, string timeLabel)
    {
        var simulation = data.Scenario.Simulation;
        var plot = ChartStyle.NewPlot(title, timeLabel, yLabel);
        var apps = data.Scenario.Farm.Apps;
        for (int a = 0; a < apps.Count; a++)
        {
            var rows = data.TimeSeries.Where(r => r.Scope == "app" && r.Name == apps[a].Name && metrics.Contains(r.Metric) && double.IsFinite(r.Value)).ToList();
            if (rows.Count == 0) continue;
            double[] xs = rows.Select(r => scale(r.WindowStart + Math.Min(simulation.WindowOrDefault, simulation.End - r.WindowStart) / 2)).ToArray();
            var color = ChartStyle.ColorOf(a);
            if (rows.All(r => double.IsFinite(r.Low) && double.IsFinite(r.High)))
            {
                var band = plot.Add.FillY(xs, rows.Select(r => Math.Max(0, r.Low)).ToArray(), rows.Select(r => r.High).ToArray());
                band.FillColor = color.WithAlpha(0.15);
                band.LineWidth = 0;
            }
            var line = plot.Add.ScatterLine(xs, rows.Select(r => r.Value).ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = apps[a].Name;
        }
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
