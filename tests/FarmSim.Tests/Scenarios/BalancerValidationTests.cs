using FarmSim.Farm.Balancing;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Scenarios;

/// <summary>Balancers and their parameters that cannot be, each said where written, and weights that change nothing.</summary>
public class BalancerValidationTests
{
    [Test]
    public void Parameters_of_another_algorithm_and_out_of_range_are_each_reported_where_written()
    {
        var result = ScenarioLoader.Load("""
            name: bad-balancers
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 }, { name: fe2, workers: 4 } ]
            zones:
              - { name: A, servers: [fe1, fe2], balancer: { algorithm: round-robin, draws: 3 } }
              - { name: B, servers: [fe1, fe2], balancer: { algorithm: random-draws, draws: 0, choice_count: 2 } }
              - { name: C, servers: [fe1, fe2], balancer: { algorithm: least-request, active_request_bias: -1 } }
              - { name: D, servers: [fe1, fe2], balancer: { algorithm: leastconn } }
            apps: [ { name: X, zone: A, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            """, "s.yaml");
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Some.StartsWith("s.yaml:5:").And.Some.Contains("'zones[0].balancer.draws' is a parameter of random-draws, not of round-robin, which takes none"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:6:").And.Some.Contains("expected 1 to 1000 servers drawn"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:6:").And.Some.Contains("'zones[1].balancer.choice_count' is a parameter of least-request, not of random-draws, which takes draws"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:7:").And.Some.Contains("active_request_bias"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:8:").And.Some.Contains("unknown balancing algorithm 'leastconn'"));
        });
    }

    [Test]
    public void Weights_on_a_zone_whose_algorithm_uses_none_are_a_warning_and_parameters_read_back()
    {
        var result = ScenarioLoader.Load("""
            name: weights
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4, weight: 3 }, { name: fe2, workers: 4 } ]
            zones: [ { name: A, servers: [fe1, fe2], balancer: least-connections }, { name: B, servers: [fe1, fe2], balancer: { algorithm: least-request, choice_count: 3 } } ]
            apps: [ { name: X, zone: A, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            """);
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.Warnings.Select(w => w.ToString()), Has.Some.Contains("zone 'A' balances with least-connections, which uses no weights, so the weights of fe1 change nothing there"));
            Assert.That(result.Warnings.Select(w => w.ToString()), Has.None.Contains("zone 'B'"));
            Assert.That(result.Scenario!.Farm.Zones.Single(z => z.Name == "B").BalancerOptions, Is.EqualTo(new BalancerOptions { ChoiceCount = 3 }));
        });
    }

    [Test]
    public void Sticky_sessions_and_hashes_with_nothing_to_follow_are_errors_or_warnings_where_written()
    {
        var result = ScenarioLoader.Load("""
            name: bad-affinity
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 }, { name: fe2, workers: 4 } ]
            zones:
              - { name: A, servers: [fe1, fe2], affinity: { by: cookie, ttl: 0s } }
              - { name: B, servers: [fe1, fe2], affinity: { ttl: 10m } }
              - { name: C, servers: [fe1, fe2], affinity: always }
            apps: [ { name: X, zone: A, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            """, "s.yaml");
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Some.StartsWith("s.yaml:5:").And.Some.Contains("'zones[0].affinity.ttl' is 0s, expected more than zero"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:6:").And.Some.Contains("'by'"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:7:").And.Some.Contains("always"));
        });

        var warned = ScenarioLoader.Load("""
            name: nothing-to-follow
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 }, { name: fe2, workers: 4 } ]
            zones:
              - { name: A, servers: [fe1, fe2], affinity: cookie }
              - { name: B, servers: [fe1, fe2], balancer: ring-hash }
              - { name: C, servers: [fe1, fe2], balancer: { algorithm: hash, key: uri } }
              - { name: D, servers: [fe1, fe2], balancer: hash, affinity: source }
            apps:
              - { name: X, zone: A, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } }
              - { name: Y, zone: B, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } }
              - { name: Z, zone: C, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } }
              - name: W
                zone: D
                sessions: { rate: 1/s, think: 5s, pages: { mean: 3 } }
                service: { distribution: exponential, mean: 10ms }
            """);
        var warnings = warned.Warnings.Select(w => w.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warned.Errors, Is.Empty);
            Assert.That(warnings, Has.Some.Contains("zone 'A' has sticky sessions, but its apps' requests come from open streams").And.Some.Contains("so nothing sticks"));
            Assert.That(warnings, Has.Some.Contains("zone 'B' hashes the client's address, but its apps' requests come from open streams"));
            Assert.That(warnings, Has.Some.Contains("zone 'C' hashes the URL (app and class), but app 'Z' has no classes"));
            Assert.That(warnings, Has.None.Contains("zone 'D'"));
            Assert.That(warned.Scenario!.Farm.Zones.Single(z => z.Name == "D").Affinity, Is.EqualTo(new FarmSim.Farm.Topology.AffinitySpec(FarmSim.Farm.Topology.AffinityBy.Source)));
        });
    }
}
