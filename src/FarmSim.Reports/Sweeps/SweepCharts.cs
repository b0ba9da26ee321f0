using FarmSim.Reports.Charts;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace FarmSim.Reports.Sweeps;

/// <summary>The charts of a sweep or comparison: one line or bar per alternative, with 95% intervals.</summary>
public static class SweepCharts
{
    public const string Latency = "sweep_latency.png";
    public const string Percentiles = "sweep_percentiles.png";
    public const string Spread = "sweep_utilization_spread.png";

    private static string AxisLabel(SweepData data) => data.Axis is { } a ? data.Plan.Dimensions[a].Path : "";

    private static string Name(SweepData data) => data.Plan.Variants[0].Scenario.Name;

    /// <summary>Farm p50, p95, p99 and throughput against the swept quantity, one line and CI band per alternative, saturation marked.</summary>
    public static byte[] DrawLatency(SweepData data)
    {
        var panels = new[] { ("latency_p50_ms", "p50 (ms)"), ("latency_p95_ms", "p95 (ms)"), ("latency_p99_ms", "p99 (ms)"), ("throughput_rps", "throughput (requests/s)") }
            .Select(p => Panel(data, p.Item1, p.Item2)).ToList();
        // One legend for the four panels, above them: inside a panel it would sit on a line.
        var legend = data.Alternatives.Select((a, i) => (a, ChartStyle.ColorOf(i, data.Alternatives.Count), false))
            .Append(("saturation (0.1% rejected, a server 95% busy, or 1% of arrivals left undone)", Colors.Black, true)).ToList();
        return ChartImage.Grid(panels, columns: 2, title: $"{Name(data)}: farm response time and throughput (95% CI bands)", legend);
    }

    private static Plot Panel(SweepData data, string metric, string label)
    {
        var plot = ChartStyle.NewPlot("", AxisLabel(data), label);
        var alternatives = data.Alternatives;
        var series = alternatives.Select(a => data.Plan.Variants.Where(v => data.AlternativeOf(v) == a).OrderBy(data.X)
            .Select(v => (v, Row: data.Row(v.Index, "farm", "farm", metric))).Where(x => x.Row is not null && double.IsFinite(x.Row.Value)).ToList()).ToList();
        // Latencies that span more than 20 times go on a log axis, where the best are told apart from one another too.
        var values = series.SelectMany(rows => rows.Select(r => r.Row!.Value)).Where(v => v > 0).ToList();
        bool log = metric.EndsWith("_ms", StringComparison.Ordinal) && values.Count > 0 && values.Max() / values.Min() > 20;
        double Y(double value) => log ? Math.Log10(Math.Max(value, values.Min())) : value;
        for (int a = 0; a < alternatives.Count; a++)
        {
            var rows = series[a];
            if (rows.Count == 0) continue;
            double[] xs = rows.Select(r => data.X(r.v)).ToArray();
            var color = ChartStyle.ColorOf(a, alternatives.Count);
            var band = plot.Add.FillY(xs, rows.Select(r => Y(Finite(r.Row!.Ci95Low, r.Row.Value))).ToArray(), rows.Select(r => Y(Finite(r.Row!.Ci95High, r.Row.Value))).ToArray());
            band.FillColor = color.WithAlpha(0.2);
            band.LineWidth = 0;
            var line = plot.Add.ScatterLine(xs, rows.Select(r => Y(r.Row!.Value)).ToArray(), color);
            line.LineWidth = 2; // no legend text: the chart's legend names the alternatives for all four
            if (rows.FirstOrDefault(r => data.Saturated(r.v.Index)) is { Row: not null } first)
                plot.Add.Marker(data.X(first.v), Y(first.Row.Value), MarkerShape.Eks, 14, color);
        }
        if (log)
        {
            ChartStyle.LogLatencyAxis(plot.Axes.Left, values.Min(), values.Max());
            plot.YLabel(label.Replace(" (ms)", " (log scale)"), 16); // the ticks carry the unit
        }
        return plot;
    }

    private static double Finite(double value, double fallback) => double.IsFinite(value) ? value : fallback;

    /// <summary>
    /// Farm p95 and p99 per alternative: bars grouped by the value of the swept quantity (if any),
    /// or, with more than six alternatives along an axis, where bars would be too thin to read, a
    /// line each on a panel of its own.
    /// </summary>
    public static byte[] DrawPercentiles(SweepData data)
    {
        var alternatives = data.Alternatives;
        if (data.Axis is not null && alternatives.Count > 6)
            return ChartImage.Grid([Panel(data, "latency_p95_ms", "p95 (ms)"), Panel(data, "latency_p99_ms", "p99 (ms)")], columns: 1,
                $"{Name(data)}: farm p95 and p99 per alternative (95% CI bands)",
                [.. alternatives.Select((a, i) => (a, ChartStyle.ColorOf(i, alternatives.Count), false))]);
        var groups = data.Plan.Variants.GroupBy(data.X).OrderBy(g => g.Key).ToList();
        Plot Bars(string metric, string label, string title)
        {
            var plot = ChartStyle.NewPlot(title, data.Axis is null ? "" : AxisLabel(data), label);
            var bars = new List<Bar>();
            var ticks = new NumericManual();
            double width = alternatives.Count + 1;
            for (int g = 0; g < groups.Count; g++)
            {
                foreach (var variant in groups[g])
                {
                    int a = alternatives.ToList().IndexOf(data.AlternativeOf(variant));
                    var row = data.Row(variant.Index, "farm", "farm", metric);
                    if (row is null) continue;
                    bars.Add(new Bar { Position = g * width + a, Value = row.Value, Error = double.IsFinite(row.HalfWidth) ? row.HalfWidth : 0, FillColor = ChartStyle.ColorOf(a, alternatives.Count), Size = 0.85 });
                }
                ticks.AddMajor(g * width + (alternatives.Count - 1) / 2.0, data.Axis is { } axis ? groups[g].First().Values[axis] : "");
            }
            plot.Add.Bars(bars);
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.Margins(bottom: 0);
            return plot;
        }
        var p95 = Bars("latency_p95_ms", "p95 (ms)", $"{Name(data)}: farm p95 and p99 per alternative (95% CI)");
        var p99 = Bars("latency_p99_ms", "p99 (ms)", "");
        for (int a = 0; a < alternatives.Count; a++)
            p95.Legend.ManualItems.Add(new LegendItem { LabelText = alternatives[a], FillColor = ChartStyle.ColorOf(a, alternatives.Count) });
        p95.ShowLegend(Alignment.UpperLeft);
        return ChartImage.Stack([(p95, 1), (p99, 1)]);
    }

    /// <summary>Busiest over idlest server; undefined (not drawn) when a server was idle throughout.</summary>
    private static double SpreadOf(SweepData data, int variant)
    {
        double min = data.MinServerUtilization(variant);
        return min > 0 ? data.MaxServerUtilization(variant) / min : double.NaN;
    }

    /// <summary>How evenly each alternative loads the servers: the busiest server's utilisation over the idlest's.</summary>
    public static byte[] DrawSpread(SweepData data)
    {
        var plot = ChartStyle.NewPlot($"{Name(data)}: utilisation spread (busiest server / idlest server; 1 is perfectly even)", AxisLabel(data), "max / min server utilisation");
        var alternatives = data.Alternatives;
        if (data.Axis is null)
        {
            var ticks = new NumericManual();
            plot.Add.Bars(data.Plan.Variants.Select((v, i) =>
            {
                ticks.AddMajor(i, data.AlternativeOf(v));
                return new Bar { Position = i, Value = SpreadOf(data, v.Index), FillColor = ChartStyle.ColorOf(i, data.Plan.Variants.Count), Size = 0.7 };
            }).ToList());
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.Margins(bottom: 0);
        }
        else
            for (int a = 0; a < alternatives.Count; a++)
            {
                var variants = data.Plan.Variants.Where(v => data.AlternativeOf(v) == alternatives[a]).OrderBy(data.X).ToList();
                var line = plot.Add.Scatter(variants.Select(data.X).ToArray(),
                    variants.Select(v => SpreadOf(data, v.Index)).ToArray(), ChartStyle.ColorOf(a, alternatives.Count));
                line.LineWidth = 2;
                line.LegendText = alternatives[a];
            }
        plot.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Dashed);
        if (alternatives.Count > 1 && data.Axis is not null) plot.ShowLegend(Alignment.UpperLeft);
        return ChartImage.Png(plot);
    }
}
