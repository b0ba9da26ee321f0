using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.Farm;

/// <summary>The example that moves an app to its own zone: the bottleneck moves from the front-ends to the database.</summary>
public class BottleneckTests
{
    [Test]
    public void Moving_Reports_to_its_own_zone_shifts_the_bottleneck_to_the_database()
    {
        var loaded = ScenarioLoader.LoadFile(Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", "reports-own-zone.yaml"));
        Assert.That(loaded.Errors, Is.Empty);
        var farm = loaded.Scenario!.Farm;
        var moved = farm with { Apps = farm.Apps.Select(a => a.Name == "Reports" ? a with { Zone = "Reporting" } : a).ToList() };

        var shared = Farms.Run(farm, duration: 300, warmup: 60, replications: 5);
        var own = Farms.Run(moved, duration: 300, warmup: 60, replications: 5);

        // Shared: the four front-ends' 16 cores are offered 400/s x 25 ms + 40/s x 150 ms = 16 cores
        // of CPU, all they have, so requests wait for workers far longer than a query takes.
        Assert.That(shared.Values(Scope.Server, "fe1", Metric.WaitMeanMs).Average(), Is.GreaterThan(50));
        Assert.That(shared.Values(Scope.Server, "fe1", Metric.CpuUtilization).Average(), Is.GreaterThan(own.Values(Scope.Server, "fe1", Metric.CpuUtilization).Average()));
        // Own zone: each part's CPU and the database's workers are busy as offered.
        AssertAgrees(own.Values(Scope.Server, "fe1", Metric.CpuUtilization), 400 * 0.025 / 16, "Portal's CPU on Front's 16 cores");
        AssertAgrees(own.Values(Scope.Server, "rep1", Metric.CpuUtilization), 40 * 0.150 / 8, "Reports' CPU on Reporting's 8 cores");
        AssertAgrees(own.Values(Scope.Database, "main", Metric.Utilization), (400 * 3 * 0.004 + 40 * 5 * 0.013) / 8, "the database's 8 workers");
        // 40 workers a front-end, a few of them held on average: nobody waits for one; the queries do wait.
        Assert.That(own.Values(Scope.Server, "fe1", Metric.WaitMeanMs).Average(), Is.LessThan(1));
        Assert.That(own.Values(Scope.Database, "main", Metric.WaitMeanMs).Average(), Is.GreaterThan(own.Values(Scope.Server, "fe1", Metric.WaitMeanMs).Average()),
            "the longest wait is now at the database");
    }
}
