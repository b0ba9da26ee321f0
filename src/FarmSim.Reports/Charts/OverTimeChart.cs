using ScottPlot;

namespace FarmSim.Reports.Charts;

/// <summary>
/// Throughput, p95 response time and server queues window by window, the warm-up marked, so a
/// warm-up, a burst or an overload is visible.
/// </summary>
public static class OverTimeChart
{
    public const string FileName = "over_time.png";

    public static byte[] Draw(ResultsData data)
    {
        double warmup = data.Scenario.Simulation.Warmup;
        bool minutes = data.Scenario.Simulation.End >= 600;
        double Scale(double seconds) => minutes ? seconds / 60 : seconds;
        string timeLabel = minutes ? "time (min)" : "time (s)";
        var apps = data.Scenario.Farm.Apps.Select(a => ("app", a.Name)).Prepend(("farm", "farm")).ToList();
        var servers = data.Scenario.Farm.Servers.Select(s => ("server", s.Name)).ToList();

        Plot Panel(string title, string yLabel, string metric, IReadOnlyList<(string Scope, string Name)> series)
        {
            var plot = ChartStyle.NewPlot(title, timeLabel, yLabel);
            for (int i = 0; i < series.Count; i++)
            {
                var rows = data.TimeSeries.Where(r => r.Scope == series[i].Scope && r.Name == series[i].Name && r.Metric == metric && double.IsFinite(r.Value)).ToList();
                if (rows.Count == 0) continue;
                var line = plot.Add.ScatterLine(rows.Select(r => Scale(r.WindowStart)).ToArray(), rows.Select(r => r.Value).ToArray(), ChartStyle.ColorOf(i));
                line.LineWidth = series[i].Scope == "farm" ? 3 : 1.8f;
                line.LegendText = series[i].Name;
            }
            if (warmup > 0)
            {
                var end = plot.Add.VerticalLine(Scale(warmup), 1.5f, Colors.Gray, LinePattern.Dashed);
                end.LabelText = "end of warm-up";
            }
            if (series.Count > 1) plot.ShowLegend(Edge.Right);
            return plot;
        }

        return ChartImage.Stack(
        [
            (Panel($"{data.Scenario.Name}: throughput over time", "requests/s", "throughput_rps", apps), 1),
            (Panel("p95 response time over time", "p95 (ms)", "latency_p95_ms", apps), 1),
            (Panel("mean queue length per server over time", "waiting requests", "queue_length_mean", servers), 1),
        ]);
    }
}
