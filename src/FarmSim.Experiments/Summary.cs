using FarmSim.Farm.Metrics;
using MathNet.Numerics.Distributions;

namespace FarmSim.Experiments;

/// <summary>Turns per-replication metrics into means with Student-t confidence intervals.</summary>
public static class Summary
{
    public static IReadOnlyList<SummaryRow> Of(IReadOnlyList<ReplicationResult> replications)
    {
        if (replications.Count == 0) return [];
        var rows = new List<SummaryRow>();
        var first = replications[0].Entities;
        var sample = new List<double>(replications.Count);
        for (int e = 0; e < first.Count; e++)
        {
            for (int m = 0; m < MetricNames.Count; m++)
            {
                sample.Clear();
                foreach (var replication in replications)
                {
                    double v = replication.Entities[e].Values[m];
                    if (double.IsFinite(v)) sample.Add(v);
                }
                if (sample.Count == 0) continue;
                var (mean, low, high) = MeanWithInterval(sample);
                rows.Add(new SummaryRow(MetricNames.Of(first[e].Scope), first[e].Name, MetricNames.Of((Metric)m), mean, low, high, sample.Count));
            }
        }
        return rows;
    }

    /// <summary>The mean and its two-sided 95% Student-t interval; the interval is NaN for fewer than two values.</summary>
    public static (double Mean, double Low, double High) MeanWithInterval(IReadOnlyList<double> values)
    {
        int n = values.Count;
        double mean = 0;
        foreach (double v in values) mean += v;
        mean /= n;
        if (n < 2) return (mean, double.NaN, double.NaN);
        double squares = 0;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        double standardError = Math.Sqrt(squares / (n - 1) / n);
        double half = StudentT.InvCDF(0, 1, n - 1, 0.975) * standardError;
        return (mean, mean - half, mean + half);
    }
}
