using ScottPlot;

namespace FarmSim.Reports.Charts;

/// <summary>
/// What was simulated, drawn before the numbers: the main proxy on the environment address, each
/// zone with its balancer and its apps' offered load, the server-side calls between zones, the
/// servers (shared ones marked) and the database.
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

        // A server is shared when more than one zone with apps sends it work.
        var busyZones = farm.Zones.Where(z => farm.Apps.Any(a => a.Zone == z.Name)).ToList();
        var shared = farm.Servers.Where(s => busyZones.Count(z => farm.MembersOf(z).Contains(s.Name)) > 1).Select(s => s.Name).ToHashSet();
        var rates = farm.EffectiveArrivalRates();
        var work = farm.OfferedWork();
        var classRates = farm.ClassArrivalRates();
        var flows = farm.CallFlows();
        var viaProxy = farm.Apps.Where(a => a.HasUsers || flows.Any(f => f.Browser && f.Callee == a.Name)).Select(a => a.Name).ToHashSet();
        var zoneOfApp = farm.Apps.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.First().Zone);
        const double proxyY = 9, zoneY = 5.2, serverY = 1, databaseY = -1.5;
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
            // Plain apps offer busy workers (rate x service time); apps with classes offer CPU (rate x CPU demand).
            string lines = string.Join("\n", apps.Select(a => $"{a.Path}: {rates[a.Name]:0.##}/s, {work[a.Name]:0.#} {(a.Classes is null ? "workers busy" : "cores of CPU")}"));
            var within = flows.Where(f => !f.Browser && zoneOfApp[f.Caller] == zone.Name && zoneOfApp[f.Callee] == zone.Name)
                .GroupBy(f => (f.Caller, f.Callee)).Select(g => $"\ncalls {g.Key.Caller} -> {g.Key.Callee}: {g.Sum(f => f.Rate):0.##}/s");
            string text = $"zone {zone.Name}\n{zone.Balancer}{(zone.Address is null ? "" : $"\n{zone.Address}")}{(apps.Count > 0 ? "\n" + lines : "")}{string.Concat(within)}";
            Box(plot, x, zoneY, Math.Min(zoneStep * 0.9, 11), 2.6, text, ChartStyle.ColorOf(z).WithAlpha(0.18));
            if (apps.Any(a => viaProxy.Contains(a.Name))) plot.Add.Line(width / 2, proxyY - 0.7, x, zoneY + 1.3).LineColor = Colors.Gray;
        }

        // Server-side calls between zones go to the producer's zone address: a bracket above the
        // zones from the caller's zone to an arrow into the producer's, one level per pair.
        var between = flows.Where(f => !f.Browser && zoneOfApp[f.Caller] != zoneOfApp[f.Callee])
            .GroupBy(f => (From: zoneOfApp[f.Caller], To: zoneOfApp[f.Callee])).ToList();
        for (int e = 0; e < between.Count; e++)
        {
            double from = zoneX[between[e].Key.From] + 0.8, to = zoneX[between[e].Key.To] - 0.8, top = zoneY + 1.3, level = top + 0.5 + Math.Min(0.45, 1.2 / between.Count) * e;
            var color = Colors.DarkRed.WithAlpha(0.8);
            foreach (var (x1, y1, x2, y2) in new[] { (from, top, from, level), (from, level, to, level) })
            {
                var line = plot.Add.Line(x1, y1, x2, y2);
                line.LineColor = color;
                line.LineWidth = 2;
            }
            var arrow = plot.Add.Arrow(new Coordinates(to, level), new Coordinates(to, top));
            arrow.ArrowFillColor = color;
            arrow.ArrowLineColor = color;
            string calls = string.Join(", ", between[e].GroupBy(f => (f.Caller, f.Callee)).Select(g => $"{g.Key.Caller} -> {g.Key.Callee} {g.Sum(f => f.Rate):0.##}/s"));
            var label = plot.Add.Text($"calls {calls}", (from + to) / 2, level);
            label.LabelAlignment = Alignment.LowerCenter;
            label.LabelFontSize = 12;
            label.LabelFontColor = color;
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
        double databaseStep = width / Math.Max(1, farm.Databases.Count);
        for (int d = 0; d < farm.Databases.Count; d++)
        {
            var database = farm.Databases[d];
            double x = databaseStep * (d + 0.5);
            var users = farm.Apps.Where(a => a.Classes is not null && a.Classes.Any(c => c.Queries > 0) && farm.DatabaseOf(a) == d).ToList();
            double queries = users.Sum(a => a.Classes!.Sum(c => classRates[(a.Name, c.Name)] * c.Queries));
            // A dashed line from each server that runs an app querying this database.
            var servers = users.SelectMany(a => farm.Zones.Where(z => z.Name == a.Zone).SelectMany(farm.MembersOf)).ToHashSet();
            for (int s = 0; s < farm.Servers.Count; s++)
                if (servers.Contains(farm.Servers[s].Name))
                {
                    var link = plot.Add.Line(serverStep * (s + 0.5), serverY - 0.6, x, databaseY + 0.6);
                    link.LineColor = Colors.Gray;
                    link.LinePattern = LinePattern.Dashed;
                }
            string pool = (database.PerServerPool ? " per server" : "") + (database.Cores is { } cores ? $", {cores} cores" : "");
            Box(plot, x, databaseY, Math.Min(databaseStep * 0.9, 7), 1.2, $"database {database.Name}\n{database.Connections} connections{pool}, {database.Workers} workers, {queries:0.#} queries/s",
                Colors.MediumPurple.WithAlpha(0.25));
        }
        var title = plot.Add.Text($"{data.Scenario.Name}: topology (offered load: arrival rate × mean service time or CPU demand)", width / 2, 10.6);
        title.LabelFontSize = 20;
        title.LabelBold = true;
        title.LabelAlignment = Alignment.LowerCenter;
        plot.Axes.SetLimits(-0.5, width + 0.5, farm.Databases.Count == 0 ? -0.5 : databaseY - 1, 11.3);
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
