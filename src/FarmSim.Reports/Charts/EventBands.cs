using FarmSim.Farm.Topology;
using ScottPlot;

namespace FarmSim.Reports.Charts;

/// <summary>
/// What happened to servers, drawn on a chart over time: a band from each crash or drain to the
/// server's return (or the run's end), red for a crash and amber for a drain; a blue band over a
/// publish (from its start to when its last batch is back at the latest) and a purple one over a
/// recycle's restart and cold start; each replication's random failures, faint, so that where more
/// replications were down is darker. Each is named once in the legend, so that a reviewer sees the
/// dip and the recovery against the cause.
/// </summary>
public static class EventBands
{
    public static void Mark(Plot plot, FarmSpec farm, Func<double, double> scale, double end, IReadOnlyList<(int Replication, Farm.Metrics.Outage Outage)>? outages = null, int replications = 1)
    {
        var named = new HashSet<string>();
        // Random failures differ by replication: each replication's outage is a faint band, darker where more replications were down.
        var random = farm.Servers.Where(s => s.Failures is not null).Select(s => s.Name).ToHashSet();
        double alpha = Math.Max(0.02, 0.3 / Math.Max(1, replications));
        foreach (var (_, o) in outages ?? [])
            if (random.Contains(o.Server))
                Band(plot, o.Down, double.IsFinite(o.Up) ? o.Up : end, scale, named, Colors.Red, $"{o.Server} down at random (darker: more replications)", alpha);
        foreach (var group in farm.Events.OfType<ServerEvent>().Where(e => e.Action is ServerAction.Down or ServerAction.Drain or ServerAction.Up).GroupBy(e => e.Server))
        {
            ServerEvent? open = null;
            foreach (var e in group.OrderBy(e => e.At))
            {
                if (e.Action == ServerAction.Up)
                {
                    if (open is not null) Band(plot, open.At, e.At, scale, named, open.Action == ServerAction.Down ? Colors.Red : Colors.Orange, $"{open.Server} {(open.Action == ServerAction.Down ? "down" : "drained")}");
                    open = null;
                }
                else open ??= e;
            }
            if (open is not null) Band(plot, open.At, end, scale, named, open.Action == ServerAction.Down ? Colors.Red : Colors.Orange, $"{open.Server} {(open.Action == ServerAction.Down ? "down" : "drained")}");
        }
        foreach (var e in farm.Events)
        {
            if (e is PublishEvent p)
            {
                int members = farm.Zones.Where(z => z.Name == p.Zone).Select(z => farm.MembersOf(z).Count).FirstOrDefault(1);
                int batches = p.AtATime is { } n ? (members + n - 1) / n : 1;
                double perBatch = (p.AtATime is null ? 0 : p.Drain) + p.Restart.Time;
                Band(plot, p.At, Math.Min(end, p.At + Math.Max(batches * perBatch, end / 200)), scale, named, Colors.Blue, $"publish of {p.Zone}");
            }
            else if (e is AppMoveEvent m)
                Band(plot, m.At, Math.Min(end, m.At + end / 200), scale, named, Colors.Gray, $"{m.App} moves to {m.Zone}");
            else if (e is ServerEvent { Action: ServerAction.Recycle, Restart: { } r } s)
                Band(plot, s.At, Math.Min(end, s.At + r.Time + r.ColdFade), scale, named, Colors.Purple, $"{s.Server} recycled");
        }
    }

    private static void Band(Plot plot, double from, double to, Func<double, double> scale, HashSet<string> named, Color color, string label, double alpha = 0.12)
    {
        var span = plot.Add.HorizontalSpan(scale(from), scale(to));
        span.FillColor = color.WithAlpha(alpha);
        span.LineWidth = 0;
        if (named.Add(label)) span.LegendText = label;
    }
}
