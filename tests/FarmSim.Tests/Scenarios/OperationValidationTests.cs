using FarmSim.Scenarios;

namespace FarmSim.Tests.Scenarios;

/// <summary>Events and health checks that cannot be: every one said at its line and column, all at once.</summary>
public class OperationValidationTests
{
    [Test]
    public void Events_outside_the_run_on_unknown_servers_and_checks_of_zero_are_each_reported_where_written()
    {
        var result = ScenarioLoader.Load("""
            name: bad-events
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 }, { name: fe2, workers: 4 } ]
            zones: [ { name: Z, servers: [fe1, fe2], health_check: { interval: 0s, fall: 0, rise: 2 } } ]
            apps: [ { name: A, zone: Z, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            events:
              - { at: 20m, server: fe1, action: down }
              - { at: 1m, server: fe9, action: down }
              - { at: 2m, server: fe2, action: explode }
              - { at: 3m, server: fe2 }
              - { at: 4m, server: fe1, action: down }
              - { at: 4m, server: fe1, action: up }
            """, "s.yaml");
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Some.StartsWith("s.yaml:7:").And.Some.Contains("expected a time within the run (0 to 10m)"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:8:").And.Some.Contains("unknown server 'fe9'"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:9:").And.Some.Contains("'explode', expected one of down, up"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:10:").And.Some.Contains("missing required field 'action'"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:4:").And.Some.Contains("fall"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:4:").And.Some.Contains("interval"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:12:").And.Some.Contains("puts fe1 down and up at the same time"));
            Assert.That(result.Scenario, Is.Null);
        });
    }

    [Test]
    public void A_health_check_by_product_name_or_none_reads_as_the_product_sets_it()
    {
        var result = ScenarioLoader.Load("""
            name: checks
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 } ]
            zone_defaults: { health_check: arr }
            zones: [ { name: A, servers: [fe1] }, { name: B, servers: [fe1], health_check: none }, { name: C, servers: [fe1], health_check: { fall: 5 } } ]
            apps: [ { name: X, zone: A, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            """);
        Assert.That(result.Errors, Is.Empty);
        var zones = result.Scenario!.Farm.Zones;
        Assert.Multiple(() =>
        {
            Assert.That(zones.Single(z => z.Name == "A").HealthCheck, Is.EqualTo(FarmSim.Farm.Topology.HealthCheckSpec.Arr));
            Assert.That(zones.Single(z => z.Name == "B").HealthCheck, Is.Null);
            Assert.That(zones.Single(z => z.Name == "C").HealthCheck, Is.EqualTo(new FarmSim.Farm.Topology.HealthCheckSpec(2, 5, 2)));
            Assert.That(zones.Single(z => z.Name == "Global").HealthCheck, Is.EqualTo(FarmSim.Farm.Topology.HealthCheckSpec.Arr));
        });
    }

    [Test]
    public void Publishes_recycles_weights_and_zone_changes_that_cannot_be_are_each_reported_where_written()
    {
        var result = ScenarioLoader.Load("""
            name: bad-operations
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 }, { name: fe2, workers: 4 }, { name: fe3, workers: 4 } ]
            zones: [ { name: Z, servers: [fe1, fe2] } ]
            apps: [ { name: A, zone: Z, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            events:
              - { at: 1m, zone: Nowhere, action: publish }
              - { at: 2m, zone: Z, action: publish, at_a_time: 0, cold_start: { factor: 0.5, fade: 0s } }
              - { at: 3m, server: fe1, action: weight, weight: 0 }
              - { at: 4m, server: fe3, action: leave, zone: Z }
              - { at: 5m, server: fe1, action: down, zone: Z }
              - { at: 6m, server: fe2, action: recycle, restart: -5s }
              - { at: 7m, server: fe2, action: join }
            """, "s.yaml");
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Some.StartsWith("s.yaml:7:").And.Some.Contains("unknown zone 'Nowhere'"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:8:").And.Some.Contains("at_a_time"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:8:").And.Some.Contains("expected 1 (no slowdown) or more"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:8:").And.Some.Contains("fade"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:9:").And.Some.Contains("expected more than zero"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:10:").And.Some.Contains("leaves zone 'Z', which fe3 is never in"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:11:").And.Some.Contains("'events[4].zone' is given with down, expected it only with join or leave or publish"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:12:").And.Some.Contains("restart"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:13:").And.Some.Contains("missing required field 'zone'"));
            Assert.That(result.Scenario, Is.Null);
        });
    }

    [Test]
    public void Events_written_out_read_back_the_same()
    {
        var yaml = """
            name: round-trip
            simulation: { duration: 10m }
            servers: [ { name: fe, count: 3, workers: 4 } ]
            zones: [ { name: Z, servers: [fe1, fe2] } ]
            apps: [ { name: A, zone: Z, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            events:
              - { at: 1m, zone: Z, action: publish, at_a_time: 1, drain: 10s, restart: 5s, cold_start: { factor: 3, fade: 2m } }
              - { at: 2m, server: fe1, action: recycle }
              - { at: 3m, server: fe1, action: weight, weight: 2 }
              - { at: 4m, server: fe3, action: join, zone: Z }
              - { at: 5m, server: fe2, action: drain, delay: 20s }
            """;
        var first = ScenarioLoader.Load(yaml).Scenario!;
        var again = ScenarioLoader.Load(ScenarioYaml.Write(first, new Dictionary<string, IReadOnlyList<string>>(), [])).Scenario!;
        Assert.That(again.Farm.Events, Is.EqualTo(first.Farm.Events));
    }

    [Test]
    public void Passive_checks_that_cannot_be_are_each_reported_where_written()
    {
        var result = ScenarioLoader.Load("""
            name: bad-passive
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 } ]
            zones:
              - { name: A, servers: [fe1], live_traffic: { interval: 10s }, outlier_detection: envoy }
              - { name: B, servers: [fe1], outlier_detection: { base_ejection_time: 60s, max_ejection_time: 30s, max_ejection_percent: 150% } }
              - { name: C, servers: [fe1], outlier_detection: nginx }
            apps: [ { name: X, zone: A, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            """, "s.yaml");
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Some.StartsWith("s.yaml:5:").And.Some.Contains("missing required field 'max_failures'"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:5:").And.Some.Contains("expected one passive check per zone"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:6:").And.Some.Contains("expected at least base_ejection_time"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:6:").And.Some.Contains("expected a share from 0% to 100%"));
            Assert.That(errors, Has.Some.StartsWith("s.yaml:7:").And.Some.Contains("'nginx', expected one of envoy"));
        });
    }
}
