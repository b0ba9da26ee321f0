using FarmSim.Experiments.Planning;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Experiments;

/// <summary>
/// Objectives and the peak, window by window: a run that follows a profile is judged where it is
/// worst, not on its average. A window's figure is the mean over replications with its 95% interval
/// (as <see cref="TimeSeriesSummary"/> gives it); only windows of the measured period count.
/// </summary>
public static class WindowChecks
{
    /// <summary>One measured window of one entity's series, as a summary row with its interval, and where it lies.</summary>
    public sealed record WindowRow(double Start, double End, SummaryRow Row);

    /// <summary>The measured windows of a series (after the warm-up; a window that begins before it ends does not count).</summary>
    public static IEnumerable<WindowRow> Measured(TimeSeries series, SimulationSettings settings, Scope scope, string name, string metric)
    {
        var s = series.Series.FirstOrDefault(x => x.Scope == scope && x.Name == name && x.Metric == metric);
        if (s is null) yield break;
        for (int w = 0; w < series.Windows; w++)
        {
            double start = series.StartOf(w);
            if (start < settings.Warmup - 1e-9 || !double.IsFinite(s.Values[w])) continue;
            double low = s.Low?[w] ?? double.NaN, high = s.High?[w] ?? double.NaN;
            yield return new WindowRow(start, start + series.LengthOf(w, settings.End),
                new SummaryRow(MetricNames.Of(scope), name, metric, s.Values[w], low, high, 0));
        }
    }

    /// <summary>Per app, its measured window with the worst mean p95, or nothing where no window completed a request.</summary>
    public static IReadOnlyList<WindowRow> PeakP95(TimeSeries series, SimulationSettings settings, FarmSpec farm) =>
        farm.Apps.Select(a => Measured(series, settings, Scope.App, a.Name, "latency_p95_ms").MaxBy(w => w.Row.Value))
            .Where(w => w is not null).Select(w => w!).ToList();

    /// <summary>
    /// An objective judged in every measured window: a verdict per entity, the one of its worst
    /// window (smallest margin), with that window named. An entity with no measured window is unmeasured.
    /// </summary>
    public static IEnumerable<Verdict> AtPeak(ServiceLevel level, TimeSeries series, SimulationSettings settings, FarmSpec farm)
    {
        foreach (string name in Entities(level, farm))
        {
            var scope = Enum.Parse<Scope>(level.Scope, ignoreCase: true);
            var worst = Measured(series, settings, scope, name, level.Metric)
                .Select(w => Verdict.Of(level, w.Row) with { Window = (w.Start, w.End) })
                .MinBy(v => v.Margin);
            yield return worst ?? Verdict.Unmeasured(level, name);
        }
    }

    /// <summary>The measured windows in which an objective (on a figure measured per window) is not met, per entity.</summary>
    public static IReadOnlyList<Verdict> Misses(ServiceLevel level, TimeSeries series, SimulationSettings settings, FarmSpec farm)
    {
        if (!ServiceLevel.MeasuredPerWindow(level.Scope, level.Metric)) return [];
        var scope = Enum.Parse<Scope>(level.Scope, ignoreCase: true);
        return Entities(level, farm)
            .SelectMany(name => Measured(series, settings, scope, name, level.Metric))
            .Select(w => Verdict.Of(level, w.Row) with { Window = (w.Start, w.End) })
            .Where(v => !v.Met).ToList();
    }

    private static IEnumerable<string> Entities(ServiceLevel level, FarmSpec farm) => level.Name is { } one ? [one] : level.Scope switch
    {
        "app" => farm.Apps.Select(a => a.Name),
        "server" => farm.Servers.Select(s => s.Name),
        _ => ["farm"],
    };
}
