using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Planning;

public class ServiceLevelTests
{
    private static readonly FarmSim.Farm.Topology.FarmSpec Farm = ScenarioLoader.Load("""
        name: t
        simulation: { duration: 1m }
        servers: [ { name: fe1, workers: 2 } ]
        zones: [ { name: Intranet, servers: [fe1] } ]
        apps: [ { name: AppX, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
        """).Scenario!.Farm;

    [TestCase("AppX.p95 <= 300ms", "app", "AppX", "latency_p95_ms", 300.0)]
    [TestCase("app.AppX.p99 < 1s", "app", "AppX", "latency_p99_ms", 1000.0)]
    [TestCase("farm.rejected <= 0.1%", "farm", "farm", "rejected_fraction", 0.001)]
    [TestCase("server.utilization <= 75%", "server", null, "utilization", 0.75)]
    [TestCase("zone.Intranet.utilization <= 70%", "zone", "Intranet", "utilization", 0.7)]
    [TestCase("server.fe1.queue <= 5", "server", "fe1", "queue_length_mean", 5.0)]
    [TestCase("farm.throughput >= 0.9/s", "farm", "farm", "throughput_rps", 0.9)]
    public void Objectives_read_as_written(string text, string scope, string? name, string metric, double target)
    {
        var level = ServiceLevels.Parse(text, Farm, out string problem);
        Assert.That(problem, Is.Empty);
        Assert.That((level!.Scope, level.Name, level.Metric), Is.EqualTo((scope, name, metric)));
        Assert.That(level.Comparison, Is.EqualTo(text.Contains('>') ? Comparison.AtLeast : Comparison.AtMost));
        Assert.That(level.Target, Is.EqualTo(target).Within(1e-12));
    }

    [TestCase("AppX.p95@peak <= 300ms", "app", "AppX", "latency_p95_ms")]
    [TestCase("server.fe1.utilization@peak <= 80%", "server", "fe1", "utilization")]
    [TestCase("farm.throughput@peak >= 0.5/s", "farm", "farm", "throughput_rps")]
    public void An_objective_at_the_peak_reads_as_written(string text, string scope, string name, string metric)
    {
        var level = ServiceLevels.Parse(text, Farm, out string problem);
        Assert.That(problem, Is.Empty);
        Assert.That((level!.Scope, level.Name, level.Metric, level.AtPeak), Is.EqualTo((scope, name, metric, true)));
    }

    [TestCase("AppZ.p95 <= 300ms", "there is no app named 'AppZ'")]
    [TestCase("AppX.p97 <= 300ms", "unknown metric 'p97'")]
    [TestCase("AppX.p95 <= 300", "is not a target for p95")]
    [TestCase("AppX.utilization <= 50%", "utilization is measured for farm, zone, server, not for app")]
    [TestCase("p95 under 300ms", "is not an objective")]
    [TestCase("AppX.p99@peak <= 1s", "p99 of an app is not measured window by window, expected @peak on p95 or throughput")]
    [TestCase("zone.Intranet.utilization@peak <= 70%", "utilization of a zone is not measured window by window")]
    public void A_wrong_objective_says_what_is_wrong(string text, string message)
    {
        Assert.That(ServiceLevels.Parse(text, Farm, out string problem), Is.Null);
        Assert.That(problem, Does.Contain(message));
    }

    [Test]
    public void Objectives_in_the_file_are_checked_at_their_position()
    {
        var result = ScenarioLoader.Load("""
            name: t
            simulation: { duration: 1m }
            servers: [ { name: fe1, workers: 2 } ]
            apps: [ { name: AppX, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            slo:
              - AppX.p95 <= 300ms
              - AppY.p95 <= 300ms
            """, "s.yaml");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "s.yaml:7:5: error: 'slo': 'AppY.p95 <= 300ms': there is no app named 'AppY', expected one of AppX",
        }));
    }

    [Test]
    public void A_met_objective_needs_its_whole_interval_within_the_target()
    {
        var level = new ServiceLevel("x", "app", "A", "latency_p95_ms", Comparison.AtMost, 100);
        FarmSim.Experiments.SummaryRow Row(double low, double high) => new("app", "A", "latency_p95_ms", (low + high) / 2, low, high, 10);
        Assert.That(FarmSim.Experiments.Planning.Verdict.Of(level, Row(80, 99)).Decision, Is.EqualTo(FarmSim.Experiments.Planning.Decision.ClearlyMet));
        Assert.That(FarmSim.Experiments.Planning.Verdict.Of(level, Row(90, 110)).Decision, Is.EqualTo(FarmSim.Experiments.Planning.Decision.WithinNoise));
        Assert.That(FarmSim.Experiments.Planning.Verdict.Of(level, Row(101, 120)).Decision, Is.EqualTo(FarmSim.Experiments.Planning.Decision.ClearlyMissed));
        Assert.That(FarmSim.Experiments.Planning.Verdict.Of(level, Row(90, 110)).Met, Is.False);

        // At least: the near (lower) end must reach the target.
        var floor = level with { Comparison = Comparison.AtLeast };
        Assert.That(FarmSim.Experiments.Planning.Verdict.Of(floor, Row(101, 120)).Decision, Is.EqualTo(FarmSim.Experiments.Planning.Decision.ClearlyMet));
        Assert.That(FarmSim.Experiments.Planning.Verdict.Of(floor, Row(90, 110)).Decision, Is.EqualTo(FarmSim.Experiments.Planning.Decision.WithinNoise));
        Assert.That(FarmSim.Experiments.Planning.Verdict.Of(floor, Row(80, 99)).Decision, Is.EqualTo(FarmSim.Experiments.Planning.Decision.ClearlyMissed));
    }
}
