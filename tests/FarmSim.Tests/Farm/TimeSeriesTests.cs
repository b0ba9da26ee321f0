using FarmSim.Engine.Distributions;
using FarmSim.Experiments;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Tests.Farm;

/// <summary>The windows of timeseries.csv add up to the figures of the measured period.</summary>
public class TimeSeriesTests
{
    [Test]
    public void Windows_cover_the_run_and_add_up_to_the_measured_period()
    {
        // Warm-up 30 s, duration 95 s, windows of 10 s: 13 windows, the last one 5 s long; the
        // warm-up ends on a window boundary, so the windows after it hold the measured period.
        var farm = Farms.Single(2, 2, 150, DistributionSpec.LogNormal(0.01, 1.2));
        var settings = new SimulationSettings(95, 30, 1, 3, Window: 10);
        var result = ReplicationRunner.Run(farm, settings).Replications[0];
        var series = result.TimeSeries;
        Assert.That(series.Windows, Is.EqualTo(13));
        Assert.That(series.LengthOf(12, settings.End), Is.EqualTo(5));

        double Measured(Scope scope, string name, string metric, Func<double, double, double> perWindow) =>
            Enumerable.Range(3, 10).Sum(w => perWindow(series.Series.Single(s => s.Scope == scope && s.Name == name && s.Metric == metric).Values[w], series.LengthOf(w, settings.End)));

        var app = result.Find(Scope.App, "App");
        Assert.That(Measured(Scope.App, "App", "throughput_rps", (v, length) => v * length), Is.EqualTo(app[Metric.Completed]).Within(1e-6));
        foreach (string server in new[] { "fe1", "fe2" })
        {
            var s = result.Find(Scope.Server, server);
            Assert.That(Measured(Scope.Server, server, "throughput_rps", (v, length) => v * length), Is.EqualTo(s[Metric.Completed]).Within(1e-6), server);
            Assert.That(Measured(Scope.Server, server, "utilization", (v, length) => v * length) / settings.Duration, Is.EqualTo(s[Metric.Utilization]).Within(1e-9), server);
            Assert.That(Measured(Scope.Server, server, "queue_length_mean", (v, length) => v * length) / settings.Duration, Is.EqualTo(s[Metric.QueueLengthMean]).Within(1e-9), server);
        }
        var p95 = series.Series.Single(s => s.Scope == Scope.App && s.Metric == "latency_p95_ms").Values;
        Assert.That(p95, Has.All.GreaterThan(10).And.All.LessThan(200), "a p95 of a 10 ms service, per window");
    }

    [Test]
    public void The_mean_over_replications_carries_its_interval()
    {
        var farm = Farms.Single(1, 1, 50, DistributionSpec.Exponential(0.01));
        var run = ReplicationRunner.Run(farm, new SimulationSettings(20, 0, 4, 9, Window: 5));
        var throughput = run.TimeSeries.Series.Single(s => s.Scope == Scope.Farm && s.Metric == "throughput_rps");
        for (int w = 0; w < run.TimeSeries.Windows; w++)
        {
            var sample = run.Replications.Select(r => r.TimeSeries.Series.Single(s => s.Scope == Scope.Farm && s.Metric == "throughput_rps").Values[w]).ToList();
            var (mean, low, high) = Summary.MeanWithInterval(sample);
            Assert.That((throughput.Values[w], throughput.Low![w], throughput.High![w]), Is.EqualTo((mean, low, high)));
        }
    }

    [TestCase(3600, 50)]
    [TestCase(125, 2)]
    [TestCase(1, 0.01)]
    public void The_default_window_is_a_round_hundredth_of_the_run(double seconds, double window) =>
        Assert.That(TimeSeries.NiceWindow(seconds), Is.EqualTo(window).Within(1e-12));
}
