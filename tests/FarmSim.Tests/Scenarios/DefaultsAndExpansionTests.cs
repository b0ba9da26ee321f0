using FarmSim.Scenarios;

namespace FarmSim.Tests.Scenarios;

/// <summary>What server_defaults, zone_defaults, app_defaults, count and servers: all produce, and how their problems are reported.</summary>
public class DefaultsAndExpansionTests
{
    [Test]
    public void Defaults_fill_what_entries_leave_out_and_count_expands_names()
    {
        var scenario = ScenarioLoader.Load("""
            name: t
            simulation: { duration: 10m }
            server_defaults: { workers: 8, queue_limit: unlimited, speed: 150% }
            servers:
              - { name: fe, count: 3 }
              - { name: big, workers: 64, speed: 2 }
            zone_defaults: { balancer: power-of-two-choices }
            zones:
              - { name: Back, servers: all }
              - { name: Front, servers: [fe1, big], balancer: random }
            app_defaults: { zone: Back, service: { distribution: constant, value: 20ms } }
            apps:
              - { name: A, arrival: { rate: 10/s } }
              - { name: B, zone: Front, arrival: { rate: 5/s }, service: { distribution: exponential, mean: 1s } }
            """).Scenario!;
        var farm = scenario.Farm;
        Assert.That(farm.Servers.Select(s => (s.Name, s.Workers, s.QueueLimit, s.Speed)), Is.EqualTo(new (string, int, int?, double)[]
        {
            ("fe1", 8, null, 1.5), ("fe2", 8, null, 1.5), ("fe3", 8, null, 1.5), ("big", 64, null, 2),
        }));
        Assert.That(farm.MembersOf(farm.Zones[0]), Is.EqualTo(new[] { "fe1", "fe2", "fe3", "big" }));
        Assert.That(farm.Zones.Select(z => (z.Name, z.Balancer)), Is.EqualTo(new[]
        {
            ("Back", "power-of-two-choices"), ("Front", "random"), ("Global", "power-of-two-choices"),
        }));
        Assert.That(farm.Apps.Select(a => (a.Name, a.Zone, a.Service.Kind.ToString(), a.Service.Mean)), Is.EqualTo(new[]
        {
            ("A", "Back", "Constant", 0.02), ("B", "Front", "Exponential", 1.0),
        }));
    }

    [Test]
    public void A_bad_default_is_reported_once_whether_or_not_it_is_inherited()
    {
        const string inherited = "name: t\nsimulation: { duration: 1m }\nserver_defaults: { workers: many }\nservers: [ { name: a }, { name: b }, { name: c } ]\napps: [ { name: A, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 1s } } ]\n";
        Assert.That(ScenarioLoader.Load(inherited, "s.yaml").Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "s.yaml:3:29: error: 'server_defaults.workers' is 'many', expected a whole number",
        }));
        string unused = inherited.Replace("{ name: a }, { name: b }, { name: c }", "{ name: a, workers: 2 }");
        Assert.That(ScenarioLoader.Load(unused, "s.yaml").Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "s.yaml:3:29: error: 'server_defaults.workers' is 'many', expected a whole number",
        }));
        string zone = inherited.Replace("server_defaults: { workers: many }", "zone_defaults: { balancer: round-robbin }").Replace("{ name: a }, { name: b }, { name: c }", "{ name: a, workers: 2 }");
        Assert.That(ScenarioLoader.Load(zone, "s.yaml").Errors.Count(), Is.EqualTo(1));
    }

    [Test]
    public void An_item_that_is_not_a_mapping_does_not_shift_the_positions_of_the_others()
    {
        var problems = ScenarioLoader.Load("""
            name: t
            simulation: { duration: 1m }
            servers: [ { name: fe1, workers: 1 } ]
            zones:
              - oops
              - { name: A, servers: [fe9] }
            apps: [ { name: X, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 1s } } ]
            """, "s.yaml").Diagnostics.Select(d => d.ToString()).ToList();
        Assert.That(problems, Is.EqualTo(new[]
        {
            "s.yaml:5:5: error: 'zones[0]' is 'oops', expected a mapping of name, address, servers, balancer, retries, health_check, slow_start, panic_threshold, live_traffic, outlier_detection, affinity",
            "s.yaml:6:26: error: 'zones[0].servers[0]' zone 'A' lists unknown server 'fe9', expected one of fe1",
        }));
    }

    [Test]
    public void A_half_read_distribution_gives_one_error_not_a_cascade()
    {
        var problems = ScenarioLoader.Load("name: t\nsimulation: { duration: 1m }\nservers: [ { name: fe1, workers: 1 } ]\napps: [ { name: X, arrival: { rate: 1/s }, service: { distribution: uniform, min: 2s } } ]\n", "s.yaml")
            .Diagnostics.Select(d => d.Message).ToList();
        Assert.That(problems, Is.EqualTo(new[] { "missing required field 'max' in 'apps[0].service', expected " + Units.DurationHint }));
    }

    [TestCase("name: ../escape", "'name' is '../escape', expected a name without '/', '\\' or ':' (it names the results folder)")]
    [TestCase("name: ''", "'name' is empty, expected the scenario's name")]
    public void A_name_must_be_usable_as_a_folder(string line, string message)
    {
        var problems = ScenarioLoader.Load(line + "\nsimulation: { duration: 1m }\nservers: [ { name: fe1, workers: 1 } ]\napps: [ { name: X, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 1s } } ]\n")
            .Diagnostics.Select(d => d.Message).ToList();
        Assert.That(problems, Is.EqualTo(new[] { message }));
    }

    [Test]
    public void Count_is_bounded()
    {
        var problems = ScenarioLoader.Load("name: t\nsimulation: { duration: 1m }\nservers: [ { name: fe, count: 2000000000, workers: 1 } ]\napps: [ { name: X, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 1s } } ]\n")
            .Diagnostics.Select(d => d.Message).ToList();
        Assert.That(problems, Is.EqualTo(new[] { "'servers[0].count' is 2000000000, expected 1 to 10000" }));
    }
}
