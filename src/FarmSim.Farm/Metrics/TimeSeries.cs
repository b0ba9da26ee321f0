namespace FarmSim.Farm.Metrics;

/// <summary>
/// One metric of one farm, app or server, window by window; NaN where a window has nothing to show.
/// Over several replications, <see cref="Low"/> and <see cref="High"/> bound the mean's 95% interval.
/// </summary>
public sealed record Series(Scope Scope, string Name, string Metric, double[] Values, double[]? Low = null, double[]? High = null);

/// <summary>
/// Figures per time window over the whole run, warm-up included, so that a warm-up, a burst or
/// an overload shows. Window k covers [k·Window, (k+1)·Window), the last one ending with the run.
/// </summary>
public sealed record TimeSeries(double Window, int Windows, IReadOnlyList<Series> Series)
{
    public double StartOf(int window) => window * Window;

    /// <summary>The time series of a replication of <paramref name="end"/> seconds: the last window may be shorter.</summary>
    public double LengthOf(int window, double end) => Math.Min(Window, end - StartOf(window));

    /// <summary>A window length of 1, 2 or 5 × 10^k seconds giving about 100 windows over <paramref name="seconds"/>.</summary>
    public static double NiceWindow(double seconds)
    {
        double target = seconds / 100;
        double decade = Math.Pow(10, Math.Floor(Math.Log10(target)));
        foreach (double step in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (step * decade >= target) return step * decade;
        return 10 * decade;
    }
}
