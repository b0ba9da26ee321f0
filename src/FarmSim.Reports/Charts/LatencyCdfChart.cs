using ScottPlot;
using ScottPlot.TickGenerators;

namespace FarmSim.Reports.Charts;

/// <summary>Each app's response-time CDF on a logarithmic time axis, with p50, p95 and p99 marked.</summary>
public static class LatencyCdfChart
{
    public const string FileName = "latency_cdf.png";

    public static byte[] Draw(ResultsData data)
    {
        var plot = ChartStyle.NewPlot($"{data.Scenario.Name}: response time distribution per app (all replications pooled)",
            "response time (ms, log scale)", "fraction of completed requests answered within");
        var apps = data.Distributions.Where(d => d.Scope == "app").ToList();
        var appNames = data.Scenario.Farm.Apps.Select(a => a.Name).ToList();
        double lowest = double.PositiveInfinity, highest = 0;
        for (int i = 0; i < apps.Count; i++)
        {
            var color = ChartStyle.ColorOf(appNames.IndexOf(apps[i].Name));
            foreach (var (_, ms) in apps[i].Points.Where(p => p.LatencyMs > 0))
            {
                lowest = Math.Min(lowest, ms);
                highest = Math.Max(highest, ms);
            }
            var points = apps[i].Points.Where(p => p.LatencyMs > 0).ToList();
            var line = plot.Add.ScatterLine(points.Select(p => Math.Log10(p.LatencyMs)).ToArray(), points.Select(p => p.Percentile / 100).ToArray(), color);
            line.LineWidth = 2.5f;
            line.LegendText = apps[i].Name;
            foreach (double q in new[] { 50.0, 95, 99 })
            {
                var (_, ms) = apps[i].Points.First(p => p.Percentile == q);
                if (!(ms > 0)) continue;
                plot.Add.Marker(Math.Log10(ms), q / 100, MarkerShape.FilledCircle, 10, color);
                var label = plot.Add.Text($"p{q:0} {ChartStyle.Ms(ms)}", Math.Log10(ms), q / 100);
                label.LabelFontSize = 12;
                label.LabelFontColor = color;
                // Labels go right of the marker, each app on its own line, so neighbours do not overlap.
                label.LabelAlignment = Alignment.MiddleLeft;
                label.OffsetX = 8;
                label.OffsetY = 16 * i;
            }
        }
        foreach (double q in new[] { 0.5, 0.95, 0.99 })
            plot.Add.HorizontalLine(q, 1, Colors.Gray.WithAlpha(0.6), LinePattern.Dashed);
        ChartStyle.LogLatencyAxis(plot.Axes.Bottom, lowest, highest);
        plot.Axes.SetLimitsY(0, 1.02);
        if (apps.Count > 1) plot.ShowLegend(Alignment.LowerRight);
        return ChartImage.Png(plot);
    }
}
