using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;

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

        var shared = Farms.Run(farm, duration: 300, warmup: 60, replications: 3);
        var own = Farms.Run(moved, duration: 300, warmup: 60, replications: 3);

        // Shared: requests wait for front-end workers far longer than a query takes.
        Assert.That(shared.Values(Scope.Server, "fe1", Metric.WaitMeanMs).Average(), Is.GreaterThan(50));
        Assert.That(shared.Values(Scope.Server, "fe1", Metric.CpuUtilization).Average(), Is.GreaterThan(0.9), "its cores are nearly always all busy");
        Assert.That(own.Values(Scope.Server, "fe1", Metric.CpuUtilization).Average(), Is.LessThan(0.75));
        // Own zone: the front-ends hardly queue, while the database's workers stay above 85% busy.
        Assert.That(own.Values(Scope.Server, "fe1", Metric.WaitMeanMs).Average(), Is.LessThan(1));
        Assert.That(own.Values(Scope.Database, "main", Metric.Utilization).Average(), Is.GreaterThan(0.85));
        Assert.That(own.Values(Scope.Database, "main", Metric.WaitMeanMs).Average(), Is.GreaterThan(own.Values(Scope.Server, "fe1", Metric.WaitMeanMs).Average()),
            "the longest wait is now at the database");
    }
}
