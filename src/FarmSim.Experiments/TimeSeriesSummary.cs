using FarmSim.Farm.Metrics;

namespace FarmSim.Experiments;

/// <summary>The mean over replications of each series, window by window (NaN where no replication has a value).</summary>
public static class TimeSeriesSummary
{
    public static TimeSeries Mean(IReadOnlyList<TimeSeries> replications)
    {
        var first = replications[0];
        var series = new List<Series>(first.Series.Count);
        for (int s = 0; s < first.Series.Count; s++)
        {
            var mean = new double[first.Windows];
            for (int w = 0; w < first.Windows; w++)
            {
                double sum = 0;
                int n = 0;
                foreach (var replication in replications)
                {
                    double v = replication.Series[s].Values[w];
                    if (double.IsFinite(v))
                    {
                        sum += v;
                        n++;
                    }
                }
                mean[w] = n > 0 ? sum / n : double.NaN;
            }
            series.Add(first.Series[s] with { Values = mean });
        }
        return first with { Series = series };
    }
}
