using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>Request classes whose CPU demands share a server's cores, against the theory of processor sharing.</summary>
public class ProcessorSharingTheoryTests
{
    private static FarmSim.Farm.Topology.Scenario Load(string yaml)
    {
        var loaded = ScenarioLoader.Load(yaml);
        Assert.That(loaded.Errors, Is.Empty);
        return loaded.Scenario!;
    }

    [Test]
    public void MG1_processor_sharing_mean_response_is_the_mean_demand_over_one_minus_rho()
    {
        // Two very different classes on one core (enough workers that nobody queues for one):
        // M/G/1-PS is insensitive to the demand's distribution, E[T] = E[S] / (1 - rho).
        var scenario = Load("""
            name: ps
            simulation: { duration: 2000s, warmup: 100s, replications: 20, seed: 3 }
            servers: [ { name: fe1, workers: 1000, cores: 1, queue_limit: unlimited } ]
            apps:
              - name: App
                arrival: { rate: 70/s }
                classes:
                  - { name: Light, share: 80%, cpu: 5ms }
                  - { name: Heavy, share: 20%, cpu: { distribution: lognormal, mean: 30ms, cv: 1.5 } }
            """);
        Assert.That(scenario.Farm.Apps[0].MeanDemand, Is.EqualTo(0.010).Within(1e-12));
        var results = Farms.Run(scenario.Farm, scenario.Simulation.Duration, scenario.Simulation.Warmup, scenario.Simulation.Replications, scenario.Simulation.Seed);
        AssertAgrees(results.Values(Scope.App, "App", Metric.LatencyMeanMs), 1e3 * 0.010 / (1 - 0.7), "M/G/1-PS mean response (ms)");
        AssertAgrees(results.Values(Scope.Server, "fe1", Metric.CpuUtilization), 0.7, "CPU utilisation: rho = lambda E[S] / cores");
    }

    [Test]
    public void An_app_with_a_plain_service_time_is_not_slowed_by_cores()
    {
        // service: is CPU-free by definition, so giving the server cores changes nothing.
        const string farm = """
            name: legacy
            simulation: { duration: 200s, warmup: 10s, replications: 3, seed: 8 }
            servers: [ { name: fe1, workers: 4, queue_limit: unlimited } ]
            apps: [ { name: App, arrival: { rate: 300/s }, service: { distribution: exponential, mean: 10ms } } ]
            """;
        var plain = Load(farm);
        var cored = Load(farm.Replace("queue_limit: unlimited }", "queue_limit: unlimited, cores: 1 }"));
        var a = Farms.Run(plain.Farm, 200, 10, 3);
        var b = Farms.Run(cored.Farm, 200, 10, 3);
        Assert.That(b.Values(Scope.App, "App", Metric.LatencyMeanMs), Is.EqualTo(a.Values(Scope.App, "App", Metric.LatencyMeanMs)));
    }

    [Test]
    public void Classes_are_checked()
    {
        var problems = ScenarioLoader.Load("""
            name: t
            simulation: { duration: 1m }
            servers: [ { name: fe1, workers: 2, cores: 0 } ]
            apps:
              - name: A
                arrival: { rate: 1/s }
                classes:
                  - { name: X, share: 70%, cpu: 5ms }
                  - { name: X, share: 20%, cpu: { distribution: gamma, mean: 5ms, cv: 0 } }
              - { name: B, arrival: { rate: 1/s }, service: { distribution: constant, value: 1ms }, classes: [ { name: Y, share: 100%, cpu: 1ms } ] }
            """, "s.yaml").Diagnostics.Select(d => d.Message).ToList();
        Assert.That(problems, Has.Some.Contains("'servers[0].cores' is 0, expected 1 or more"));
        Assert.That(problems, Has.Some.Contains("the shares of app 'A' add up to 90%, expected 100%"));
        Assert.That(problems, Has.Some.Contains("class 'X' is defined twice in app 'A'"));
        Assert.That(problems, Has.Some.Contains("'apps[0].classes[1].cpu.cv' is 0"));
        Assert.That(problems, Has.Some.Contains("'apps[1]' gives both service and classes, expected one of them"));
    }
}
