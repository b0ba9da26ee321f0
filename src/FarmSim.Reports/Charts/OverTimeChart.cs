using ScottPlot;

namespace FarmSim.Reports.Charts;

/// <summary>
/// Throughput, p95 response time and queue length per server, window by window, with the farm's
/// throughput and p95 in black, 95% bands where there are replications, and the end of the warm-up
/// marked: a warm-up, a burst or an overload shows. Each point sits at its window's middle.
/// </summary>
public static class OverTimeChart
{
    public const string FileName = "over_time.png";

    public static byte[] Draw(ResultsData data)
    {
        var simulation = data.Scenario.Simulation;
        bool minutes = simulation.End >= 600;
        double Scale(double seconds) => minutes ? seconds / 60 : seconds;
        string timeLabel = minutes ? "time (min)" : "time (s)";
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
                    var band = plot.Add.FillY(xs, rows.Select(r => r.Low).ToArray(), rows.Select(r => r.High).ToArray());
                    band.FillColor = color.WithAlpha(0.15);
                    band.LineWidth = 0;
                }
                var line = plot.Add.ScatterLine(xs, rows.Select(r => r.Value).ToArray(), color);
                line.LineWidth = scope == "farm" ? 3 : 1.8f;
                line.LegendText = name;
            }
            if (simulation.Warmup > 0)
            {
                var end = plot.Add.VerticalLine(Scale(simulation.Warmup), 1.5f, Colors.Gray, LinePattern.Dashed);
                end.LabelText = "end of warm-up";
            }
            plot.ShowLegend(Edge.Right);
            return plot;
        }

        return ChartImage.Stack(
        [
            (Panel($"{data.Scenario.Name}: throughput over time (mean of replications, 95% band)", "requests/s", "throughput_rps", withFarm: true), 1),
            (Panel("p95 response time over time", "p95 (ms)", "latency_p95_ms", withFarm: true), 1),
            (Panel("mean queue length per server over time", "waiting requests", "queue_length_mean", withFarm: false), 1),
        ]);
    }
}
