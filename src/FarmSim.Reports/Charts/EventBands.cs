using FarmSim.Farm.Topology;
using ScottPlot;

namespace FarmSim.Reports.Charts;

/// <summary>
/// What happened to servers, drawn on a chart over time: a band from each crash or drain to the
/// server's return (or the run's end), red for a crash and amber for a drain, named once per server
/// in the legend, so that a reviewer sees the dip and the recovery against the cause.
/// </summary>
public static class EventBands
{
    public static void Mark(Plot plot, IReadOnlyList<ServerEvent> events, Func<double, double> scale, double end)
    {
        var named = new HashSet<string>();
        foreach (var group in events.GroupBy(e => e.Server))
        {
            ServerEvent? open = null;
            foreach (var e in group.OrderBy(e => e.At))
            {
                if (e.Action == ServerAction.Up)
                {
                    if (open is not null) Band(plot, open, e.At, scale, named);
                    open = null;
                }
                else open ??= e;
            }
            if (open is not null) Band(plot, open, end, scale, named);
        }
    }

    private static void Band(Plot plot, ServerEvent from, double to, Func<double, double> scale, HashSet<string> named)
    {
        bool crash = from.Action == ServerAction.Down;
        var span = plot.Add.HorizontalSpan(scale(from.At), scale(to));
        span.FillColor = (crash ? Colors.Red : Colors.Orange).WithAlpha(0.12);
        span.LineWidth = 0;
        if (named.Add($"{from.Server}{crash}")) span.LegendText = $"{from.Server} {(crash ? "down" : "drained")}";
    }
}
