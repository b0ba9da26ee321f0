using FarmSim.Calibration;
using FarmSim.Engine.Distributions;
using FarmSim.Reports.Charts;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace FarmSim.Reports.Calibration;

/// <summary>
/// The calibration's charts: each app's arrival profile as logged; each app's fitted service-time
/// CDFs over the observed one; a Q-Q plot per app of observed against fitted quantiles (on the
/// diagonal where the fit holds); each server's share of each app's requests.
/// </summary>
public static class CalibrationCharts
{
    public const string Profile = "profile.png", ServiceFit = "service_fit.png", QuantileQuantile = "qq.png", Servers = "servers.png";

    private static readonly double[] Shares = Enumerable.Range(1, 99).Select(p => p / 100.0).Append(0.995).Append(0.999).ToArray();

    public static void Write(string folder, CalibrationResult c)
    {
        File.WriteAllBytes(Path.Combine(folder, Profile), DrawProfile(c));
        var fitted = c.Apps.Where(a => a.Used is not null && a.UsedTimes is not null).ToList();
        if (fitted.Count > 0)
        {
            int columns = Math.Min(fitted.Count, 2);
            File.WriteAllBytes(Path.Combine(folder, ServiceFit), ChartImage.Grid(fitted.Select(CdfPanel).ToList(), columns,
                "service time: the logged CDF (black) and each family's fit, the chosen one thick"));
            File.WriteAllBytes(Path.Combine(folder, QuantileQuantile), ChartImage.Grid(fitted.Select(a => QqPanel(a, c.Apps.ToList().IndexOf(a))).ToList(), columns,
                "Q-Q: logged quantiles against the chosen fit's (on the diagonal where it holds)"));
        }
        File.WriteAllBytes(Path.Combine(folder, Servers), DrawServers(c));
    }

    private static byte[] DrawProfile(CalibrationResult c)
    {
        double unit = c.Span >= 6 * 3600 ? 3600 : 60;
        var plot = ChartStyle.NewPlot("arrival rate per window, as logged", unit == 3600 ? "time (h, UTC from the logs' first minute)" : "time (min from the logs' first minute)", "requests/s");
        for (int a = 0; a < c.Apps.Count; a++)
        {
            var app = c.Apps[a];
            // Steps: each window's rate held over it.
            var xs = new List<double>();
            var ys = new List<double>();
            for (int w = 0; w < app.WindowRates.Count; w++)
            {
                xs.Add(w * c.Window / unit);
                ys.Add(app.WindowRates[w]);
                xs.Add((w == app.WindowRates.Count - 1 ? c.Span : (w + 1) * c.Window) / unit);
                ys.Add(app.WindowRates[w]);
            }
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), ChartStyle.ColorOf(a));
            line.LineWidth = 2.5f;
            line.LegendText = app.Name;
        }
        plot.Axes.SetLimitsY(0, c.Apps.SelectMany(a => a.WindowRates).DefaultIfEmpty(1).Max() * 1.1);
        plot.ShowLegend(Edge.Right);
        return ChartImage.Png(plot);
    }

    private static Plot CdfPanel(AppCalibration app)
    {
        var fit = app.Used!;
        var (values, counts) = app.UsedTimes!.Sorted();
        var plot = ChartStyle.NewPlot($"{app.Name} ({fit.Count:N0} times)", "time (ms, log scale)", "share answered within");
        // The observed CDF at each millisecond's upper edge, where it is known exactly.
        double total = counts.Sum(), below = 0;
        var xs = new double[values.Length];
        var ys = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            below += counts[i];
            xs[i] = Math.Log10((values[i] + 0.0005) * 1e3);
            ys[i] = below / total;
        }
        var observed = plot.Add.ScatterLine(xs, ys, ChartStyle.FarmColor);
        observed.LineWidth = 3;
        observed.LegendText = "logged";
        double low = xs[0], high = xs[^1];
        var grid = Enumerable.Range(0, 200).Select(k => low + (high - low) * k / 199).ToArray();
        int f = 0;
        foreach (var family in fit.Fits)
        {
            var spec = family.Spec;
            var line = plot.Add.ScatterLine(grid, grid.Select(x => Cdf(spec, Math.Pow(10, x) / 1e3)).ToArray(), ChartStyle.ColorOf(f++));
            bool chosen = family.Name == fit.ChosenName;
            line.LineWidth = chosen ? 3 : 1.2f;
            line.LinePattern = chosen ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = $"{family.Name} (KS {family.KsDistance:0.###})";
        }
        var ticks = new NumericAutomatic { LabelFormatter = x => ChartStyle.Ms(Math.Pow(10, x)) };
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static Plot QqPanel(AppCalibration app, int index)
    {
        var fit = app.Used!;
        var plot = ChartStyle.NewPlot($"{app.Name}: {fit.ChosenName}", "fitted quantile (ms)", "logged quantile (ms)");
        var xs = Shares.Select(p => fit.Chosen.Quantile(p) * 1e3).ToArray();
        var ys = Shares.Select(p => app.UsedTimes!.Quantile(p) * 1e3).ToArray();
        double top = Math.Max(xs.Max(), ys.Max()) * 1.05;
        var diagonal = plot.Add.Line(0, 0, top, top);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        var points = plot.Add.ScatterPoints(xs, ys, ChartStyle.ColorOf(index));
        points.MarkerSize = 6;
        plot.Axes.SetLimits(0, top, 0, top);
        return plot;
    }

    private static byte[] DrawServers(CalibrationResult c)
    {
        var plot = ChartStyle.NewPlot("each server's share of each app's requests, as logged", "server", "share of the app's requests");
        int apps = c.Apps.Count;
        double width = 0.8 / Math.Max(1, apps);
        for (int a = 0; a < apps; a++)
        {
            var bars = c.Servers.Select((s, i) => new Bar
            {
                Position = i + (a - (apps - 1) / 2.0) * width,
                Value = c.Apps[a].Requests > 0 ? (double)s.PerApp[a] / c.Apps[a].Requests : 0,
                Size = width * 0.9,
                FillColor = ChartStyle.ColorOf(a),
            }).ToList();
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = c.Apps[a].Name;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, c.Servers.Count).Select(i => (double)i).ToArray(), c.Servers.Select(s => s.Name).ToArray());
        plot.Axes.SetLimitsY(0, Math.Max(0.1, c.Servers.SelectMany((s, i) => c.Apps.Select((a, k) => a.Requests > 0 ? (double)s.PerApp[k] / a.Requests : 0)).DefaultIfEmpty(0).Max() * 1.2));
        plot.ShowLegend(Edge.Right);
        return ChartImage.Png(plot);
    }

    private static double Cdf(DistributionSpec spec, double x)
    {
        // The CDF by bisection on the quantile function: every family the fits give has one.
        double lo = 0, hi = 1;
        for (int i = 0; i < 50; i++)
        {
            double mid = (lo + hi) / 2;
            if (spec.Quantile(mid) <= x) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }
}
