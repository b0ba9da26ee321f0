using FarmSim.Farm.Topology;
using ScottPlot;

namespace FarmSim.Reports.Charts;

/// <summary>
/// What was simulated, drawn before the numbers: the main proxy on the environment address, each
/// zone with its balancer and its apps' offered load, and the servers, shared servers marked.
/// </summary>
public static class TopologyChart
{
    public const string FileName = "topology.png";

    public static byte[] Draw(ResultsData data)
    {
        var farm = data.Scenario.Farm;
        var plot = ChartStyle.NewPlot("", "", "");
        plot.Axes.Frameless(); // no axes for a drawing; the title goes in as text, which Frameless would hide
        plot.HideGrid();

        var shared = farm.Servers.Where(s => farm.Zones.Count(z => farm.MembersOf(z).Contains(s.Name)) > 1).Select(s => s.Name).ToHashSet();
        const double proxyY = 9, zoneY = 5.2, serverY = 1;
        double width = Math.Max(Math.Max(farm.Zones.Count, farm.Servers.Count), 3) * 4;

        Box(plot, width / 2, proxyY, 9, 1.4, $"main load balancer / reverse proxy\n{farm.Proxy.Address}", Colors.SteelBlue.WithAlpha(0.25));

        double zoneStep = width / farm.Zones.Count;
        var zoneX = new Dictionary<string, double>();
        for (int z = 0; z < farm.Zones.Count; z++)
        {
            var zone = farm.Zones[z];
            double x = zoneStep * (z + 0.5);
            zoneX[zone.Name] = x;
            var apps = farm.Apps.Where(a => a.Zone == zone.Name).ToList();
            string lines = string.Join("\n", apps.Select(a => $"{a.Path}: {a.ArrivalRate:0.##}/s, {a.ArrivalRate * a.MeanDemand:0.#} workers busy"));
            string text = $"zone {zone.Name}\n{zone.Balancer}{(zone.Address is null ? "" : $"\n{zone.Address}")}{(apps.Count > 0 ? "\n" + lines : "")}";
            Box(plot, x, zoneY, Math.Min(zoneStep * 0.9, 11), 2.6, text, ChartStyle.ColorOf(z).WithAlpha(0.18));
            if (apps.Count > 0) plot.Add.Line(width / 2, proxyY - 0.7, x, zoneY + 1.3).LineColor = Colors.Gray;
        }

        double serverStep = width / farm.Servers.Count;
        for (int s = 0; s < farm.Servers.Count; s++)
        {
            var server = farm.Servers[s];
            double x = serverStep * (s + 0.5);
            for (int z = 0; z < farm.Zones.Count; z++)
                if (farm.MembersOf(farm.Zones[z]).Contains(server.Name))
                {
                    var link = plot.Add.Line(zoneX[farm.Zones[z].Name], zoneY - 1.3, x, serverY + 0.6);
                    link.LineColor = ChartStyle.ColorOf(z).WithAlpha(0.8);
                    link.LineWidth = 1.5f;
                }
            string text = $"{server.Name}\n{server.Workers} workers{(server.Cores is { } cores ? $", {cores} cores" : "")}{(server.Speed != 1 ? $", speed {server.Speed:0.##}" : "")}{(shared.Contains(server.Name) ? "\nshared" : "")}";
            Box(plot, x, serverY, Math.Min(serverStep * 0.85, 6), 1.2, text,
                shared.Contains(server.Name) ? Colors.Orange.WithAlpha(0.35) : Colors.LightGray.WithAlpha(0.5));
        }
        var title = plot.Add.Text($"{data.Scenario.Name}: topology (offered load in busy workers = arrival rate × mean service time)", width / 2, 10.6);
        title.LabelFontSize = 20;
        title.LabelBold = true;
        title.LabelAlignment = Alignment.LowerCenter;
        plot.Axes.SetLimits(-0.5, width + 0.5, -0.5, 11.3);
        return ChartImage.Png(plot);
    }

    private static void Box(Plot plot, double x, double y, double width, double height, string text, Color fill)
    {
        var box = plot.Add.Rectangle(x - width / 2, x + width / 2, y - height / 2, y + height / 2);
        box.FillColor = fill;
        box.LineColor = Colors.DimGray;
        var label = plot.Add.Text(text, x, y);
        label.LabelAlignment = Alignment.MiddleCenter;
        label.LabelFontSize = 13;
    }
}
