using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Experiments.Planning;

/// <summary>How a service level was decided, from where its target sits against the 95% interval.</summary>
public enum Decision
{
    /// <summary>The whole interval meets the target.</summary>
    ClearlyMet,
    /// <summary>The target lies inside the interval: not met, since only a met interval counts.</summary>
    WithinNoise,
    /// <summary>The whole interval misses the target.</summary>
    ClearlyMissed,
}

/// <summary>An objective counts as met only when the far end of its 95% confidence interval meets the target.</summary>
public static class ServiceLevelCheck
{
    /// <summary>The verdict for every entity the objective covers.</summary>
    public static IEnumerable<Verdict> Evaluate(this ServiceLevel level, IReadOnlyList<SummaryRow> summary)
    {
        if (level.AtPeak) throw new InvalidOperationException($"'{level.Text}' is judged window by window: see WindowChecks.AtPeak");
        foreach (var row in summary)
            if (row.Scope == level.Scope && (level.Name is null || row.Name == level.Name) && row.Metric == level.Metric)
                yield return Verdict.Of(level, row);
    }
}

/// <summary>One objective on one entity: its measured interval, the decision, and how close it was.</summary>
public sealed record Verdict(ServiceLevel Level, SummaryRow Row, Decision Decision)
{
    /// <summary>For an objective judged window by window: the window (start and end, seconds into the run) this verdict is of.</summary>
    public (double Start, double End)? Window { get; init; }

    public bool Met => Decision == Decision.ClearlyMet;

    /// <summary>The far end of the interval (the value itself with one replication), the end that must meet the target.</summary>
    public double Edge => Level.Comparison == Comparison.AtMost ? Finite(Row.Ci95High, Row.Value) : Finite(Row.Ci95Low, Row.Value);

    /// <summary>Room left before the target, as a share of the target: negative when missed.</summary>
    public double Margin => Level.Target == 0 ? (Met ? 0 : -1)
        : (Level.Comparison == Comparison.AtMost ? Level.Target - Edge : Edge - Level.Target) / Math.Abs(Level.Target);

    /// <summary>An objective whose metric was not measured at all (an app with no completion): missed.</summary>
    public static Verdict Unmeasured(ServiceLevel level, string? name = null) =>
        new(level, new SummaryRow(level.Scope, name ?? level.Name ?? level.Scope, level.Metric, double.NaN, double.NaN, double.NaN, 0), Decision.ClearlyMissed);

    public static Verdict Of(ServiceLevel level, SummaryRow row)
    {
        double low = Finite(row.Ci95Low, row.Value), high = Finite(row.Ci95High, row.Value);
        bool atMost = level.Comparison == Comparison.AtMost;
        var decision = atMost
            ? high <= level.Target ? Decision.ClearlyMet : low > level.Target ? Decision.ClearlyMissed : Decision.WithinNoise
            : low >= level.Target ? Decision.ClearlyMet : high < level.Target ? Decision.ClearlyMissed : Decision.WithinNoise;
        return new Verdict(level, row, decision);
    }

    private static double Finite(double value, double fallback) => double.IsFinite(value) ? value : fallback;

    public string Entity => (Row.Scope == "farm" ? "farm" : $"{Row.Scope} {Row.Name}") + (Window is var (start, end) ? $" in {TimeText.Of(start)}–{TimeText.Of(end)}" : "");
}
