using FarmSim.Experiments;
using FarmSim.Experiments.Planning;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Reports;

/// <summary>
/// What a run that follows a profile is judged on: each app's worst window (its peak) and the
/// scenario's objectives, over the measured period and window by window, with the windows that miss.
/// </summary>
public static class PeakAndObjectives
{
    /// <summary>Whether an app's load changes over the run (a profile, bursts, or a population that follows one).</summary>
    public static bool Changes(AppSpec app) =>
        app.Profile is not null || app.RandomBursts is not null || app.Users?.Profile is not null
        || app.Sessions?.Profile is not null || app.Sessions?.RandomBursts is not null;

    /// <summary>Per app: its worst measured window by p95, the p95 there with its interval, and what its users offered then.</summary>
    public static List<string[]> PeakTable(ResultsData data)
    {
        var rows = new List<string[]> { new[] { "app", "worst window", "p95 there (95% CI)", "offered there", "p95 over the period" } };
        var settings = data.Scenario.Simulation;
        foreach (var peak in WindowChecks.PeakP95(data.Series, settings, data.Scenario.Farm))
        {
            var offered = WindowChecks.Measured(data.Series, settings, Scope.App, peak.Row.Name, "offered_rps").FirstOrDefault(w => w.Start == peak.Start);
            var whole = data.Row("app", peak.Row.Name, "latency_p95_ms");
            rows.Add(
            [
                peak.Row.Name, $"{TimeText.Of(peak.Start)}–{TimeText.Of(peak.End)}", Interval(peak.Row),
                offered is null ? "-" : $"{offered.Row.Value:0.##}/s", whole is null ? "-" : Interval(whole),
            ]);
        }
        return rows;
    }

    /// <summary>Each objective on each entity it covers: over the measured period (or at the peak, for @peak), and the windows that miss it.</summary>
    public static List<string[]> ObjectivesTable(ResultsData data)
    {
        var rows = new List<string[]> { new[] { "objective", "on", "measured (95% CI)", "met", "windows that miss it" } };
        var settings = data.Scenario.Simulation;
        foreach (var level in data.Objectives)
        {
            var verdicts = level.AtPeak
                ? WindowChecks.AtPeak(level, data.Series, settings, data.Scenario.Farm).ToList()
                : level.Evaluate(data.Summary).DefaultIfEmpty(Verdict.Unmeasured(level)).ToList();
            var misses = WindowChecks.Misses(level, data.Series, settings, data.Scenario.Farm);
            foreach (var v in verdicts)
            {
                var mine = misses.Where(m => m.Row.Name == v.Row.Name).ToList();
                string windows = !ServiceLevel.MeasuredPerWindow(level.Scope, level.Metric) ? "not measured per window"
                    : mine.Count == 0 ? "none"
                    : $"{mine.Count}: " + string.Join(", ", mine.Take(6).Select(m => $"{TimeText.Of(m.Window!.Value.Start)}–{TimeText.Of(m.Window.Value.End)}"))
                      + (mine.Count > 6 ? ", …" : "");
                rows.Add([level.Text, v.Entity, double.IsFinite(v.Row.Value) ? Interval(v.Row) : "not measured", v.Met ? "yes" : "no", windows]);
            }
        }
        return rows;
    }

    /// <summary>A figure with its interval, in its metric's own unit: ms, a share as a percentage, a rate, a count.</summary>
    private static string Interval(SummaryRow row)
    {
        string F(double v) => row.Metric switch
        {
            var m when m.EndsWith("_ms", StringComparison.Ordinal) => $"{v:0.#} ms",
            "utilization" or "cpu_utilization" or "rejected_fraction" or "timeout_fraction" => $"{v * 100:0.#}%",
            var m when m.EndsWith("_rps", StringComparison.Ordinal) => $"{v:0.##}/s",
            _ => $"{v:0.###}",
        };
        return double.IsFinite(row.Ci95Low) && double.IsFinite(row.Ci95High) ? $"{F(row.Value)} [{F(row.Ci95Low)}, {F(row.Ci95High)}]" : F(row.Value);
    }
}
