using ScottPlot;
using ScottPlot.TickGenerators;

namespace FarmSim.Reports.Charts;

/// <summary>p50, p95 and p99 response time per app and per zone, each with its 95% confidence interval.</summary>
public static class PercentileChart
{
    public const string FileName = "latency_percentiles.png";
    private static readonly string[] Metrics = ["latency_p50_ms", "latency_p95_ms", "latency_p99_ms"];
    private static readonly string[] Labels = ["p50", "p95", "p99"];

    public static byte[] Draw(ResultsData data)
    {
        var plot = ChartStyle.NewPlot($"{data.Scenario.Name}: response time percentiles (mean of replications, 95% CI)",
            "app or zone", "response time (ms)");
        var groups = data.Scenario.Farm.Apps.Select(a => ("app", a.Name))
            .Concat(data.Scenario.Farm.Zones.Where(z => data.Scenario.Farm.Apps.Any(a => a.Zone == z.Name)).Select(z => ("zone", z.Name)))
            .ToList();
        var bars = new List<Bar>();
        var ticks = new NumericManual();
        for (int g = 0; g < groups.Count; g++)
        {
            var (scope, name) = groups[g];
            for (int m = 0; m < Metrics.Length; m++)
            {
                var row = data.Row(scope, name, Metrics[m]);
                if (row is null) continue;
                bars.Add(new Bar
                {
                    Position = g * 4 + m,
                    Value = row.Value,
                    Error = double.IsFinite(row.HalfWidth) ? row.HalfWidth : 0,
                    FillColor = ChartStyle.ColorOf(m),
                    Size = 0.9,
                });
            }
            ticks.AddMajor(g * 4 + 1, $"{scope}\n{name}");
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Margins(bottom: 0);
        for (int m = 0; m < Labels.Length; m++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Labels[m], FillColor = ChartStyle.ColorOf(m) });
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartImage.Png(plot);
    }
}
