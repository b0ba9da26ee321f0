using FarmSim.Farm.Topology;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace FarmSim.Reports.Charts;

/// <summary>
/// Utilisation per server, grouped by zone membership, with the 100% line and the band above 80%
/// shaded; when any server rejected requests, a second panel shows how many.
/// </summary>
public static class UtilizationChart
{
    public const string FileName = "server_utilization.png";

    /// <summary>The servers in groups of the same zone membership, in the order of the farm.</summary>
    public static List<(string Membership, List<string> Servers)> Groups(FarmSpec farm) =>
        farm.Servers.Select(s => s.Name)
            .GroupBy(s => string.Join(" + ", farm.Zones.Where(z => farm.MembersOf(z).Contains(s)).Select(z => z.Name)))
            .Select(g => (g.Key.Length == 0 ? "no zone" : g.Key, g.ToList()))
            .ToList();

    public static byte[] Draw(ResultsData data)
    {
        var groups = Groups(data.Scenario.Farm);
        var positions = new List<(string Server, double X)>();
        double x = 0;
        foreach (var (_, servers) in groups)
        {
            foreach (string s in servers) positions.Add((s, x++));
            x += 0.8; // a gap between membership groups
        }

        var utilization = ChartStyle.NewPlot($"{data.Scenario.Name}: server utilisation by zone membership (95% CI)", "server", "utilisation (% of workers busy)");
        var band = utilization.Add.VerticalSpan(80, 1000, Colors.Red.WithAlpha(0.08)); // y from 80% up: near saturation
        band.LegendText = "above 80%";
        utilization.Add.HorizontalLine(100, 2, Colors.Red.WithAlpha(0.7), LinePattern.Dashed);
        var bars = new List<Bar>();
        var ticks = new NumericManual();
        double top = 100;
        for (int g = 0, i = 0; g < groups.Count; g++)
            foreach (string server in groups[g].Servers)
            {
                var row = data.Row("server", server, "utilization");
                double value = (row?.Value ?? 0) * 100;
                top = Math.Max(top, value);
                bars.Add(new Bar
                {
                    Position = positions[i].X,
                    Value = value,
                    Error = row is not null && double.IsFinite(row.HalfWidth) ? row.HalfWidth * 100 : 0,
                    FillColor = ChartStyle.ColorOf(g),
                    Size = 0.8,
                });
                ticks.AddMajor(positions[i++].X, server);
            }
        utilization.Add.Bars(bars);
        for (int g = 0; g < groups.Count; g++)
        {
            utilization.Legend.ManualItems.Add(new LegendItem { LabelText = groups[g].Membership, FillColor = ChartStyle.ColorOf(g) });
        }
        utilization.ShowLegend(Alignment.UpperRight);
        utilization.Axes.Bottom.TickGenerator = ticks;
        utilization.Axes.SetLimitsY(0, top * 1.15);

        var rejected = positions.Select(p => (p.Server, p.X, Count: data.Value("server", p.Server, "rejected"))).ToList();
        if (!rejected.Any(r => r.Count > 0)) return ChartImage.Png(utilization);

        var rejections = ChartStyle.NewPlot("rejected requests per server (503, queue full; 95% CI)", "server", "rejected requests per replication");
        rejections.Add.Bars(rejected.Select(r =>
        {
            var row = data.Row("server", r.Server, "rejected");
            return new Bar
            {
                Position = r.X, Value = double.IsFinite(r.Count) ? r.Count : 0, Error = row is not null && double.IsFinite(row.HalfWidth) ? row.HalfWidth : 0,
                FillColor = Colors.Red.WithAlpha(0.7), Size = 0.8,
            };
        }).ToList());
        rejections.Axes.Bottom.TickGenerator = ticks;
        rejections.Axes.Margins(bottom: 0);
        return ChartImage.Stack([(utilization, 2), (rejections, 1)]);
    }
}
