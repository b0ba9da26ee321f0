using FarmSim.Farm.Metrics;

namespace FarmSim.Experiments;

/// <summary>The mean over replications of each series, window by window, with its 95% interval (NaN where no replication has a value).</summary>
public static class TimeSeriesSummary
{
    public static TimeSeries Mean(IReadOnlyList<TimeSeries> replications)
    {
        var first = replications[0];
        var series = new List<Series>(first.Series.Count);
        var sample = new List<double>(replications.Count);
        for (int s = 0; s < first.Series.Count; s++)
        {
            var mean = new double[first.Windows];
            var low = new double[first.Windows];
            var high = new double[first.Windows];
            for (int w = 0; w < first.Windows; w++)
            {
                sample.Clear();
                foreach (var replication in replications)
                    if (double.IsFinite(replication.Series[s].Values[w])) sample.Add(replication.Series[s].Values[w]);
                (mean[w], low[w], high[w]) = sample.Count > 0 ? Summary.MeanWithInterval(sample) : (double.NaN, double.NaN, double.NaN);
            }
            series.Add(first.Series[s] with { Values = mean, Low = low, High = high });
        }
        return first with { Series = series };
    }
}
