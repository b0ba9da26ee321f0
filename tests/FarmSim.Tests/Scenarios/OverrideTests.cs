using FarmSim.Scenarios;

namespace FarmSim.Tests.Scenarios;

public class OverrideTests
{
    private const string Farm = """
        name: t
        simulation: { duration: 10m }
        servers: [ { name: fe1, workers: 4 }, { name: fe2, workers: 4 } ]
        zones: [ { name: Intranet, servers: [fe2], balancer: least-connections } ]
        apps:
          - { name: AppX, arrival: { rate: 10/s }, service: { distribution: exponential, mean: 50ms } }
          - { name: AppY, zone: Intranet, arrival: { rate: 5/s }, service: { distribution: exponential, mean: 50ms } }
        """;

    private static LoadResult Load(params string[] sets) => ScenarioLoader.Load(Farm, "s.yaml", sets);

    [Test]
    public void A_field_of_a_named_list_item_is_replaced()
    {
        var s = Load("zones.Intranet.balancer=random", "apps.AppX.arrival.rate=400/s", "servers.fe2.workers=16").Scenario!;
        Assert.That(s.Farm.Zones[0].Balancer, Is.EqualTo("random"));
        Assert.That(s.Farm.Apps[0].ArrivalRate, Is.EqualTo(400));
        Assert.That(s.Farm.Servers[1].Workers, Is.EqualTo(16));
    }

    [Test]
    public void Missing_fields_and_the_implicit_Global_zone_can_be_set()
    {
        var s = Load("simulation.seed=99", "environment.proxy.latency=3ms", "zones.Global.balancer=power-of-two-choices", "servers.0.speed=2").Scenario!;
        Assert.That(s.Simulation.Seed, Is.EqualTo(99));
        Assert.That(s.Farm.Proxy.Latency, Is.EqualTo(0.003).Within(1e-15));
        Assert.That(s.Farm.Zones.Single(z => z.Name == "Global").Balancer, Is.EqualTo("power-of-two-choices"));
        Assert.That(s.Farm.MembersOf(s.Farm.Zones.Single(z => z.Name == "Global")), Is.EqualTo(new[] { "fe1", "fe2" }));
        Assert.That(s.Farm.Servers[0].Speed, Is.EqualTo(2));
    }

    [Test]
    public void Values_are_YAML_so_lists_and_mappings_can_be_set()
    {
        var s = Load("zones.Intranet.servers=[fe1, fe2]", "zones.Intranet.balancer={ algorithm: random }").Scenario!;
        Assert.That(s.Farm.Zones[0].Servers, Is.EqualTo(new[] { "fe1", "fe2" }));
        Assert.That(s.Farm.Zones[0].Balancer, Is.EqualTo("random"));
    }

    [Test]
    public void An_override_is_checked_like_the_file_and_its_problems_name_the_override()
    {
        var problems = Load("apps.AppX.arrival.rate=400", "zones.Extranet.balancer=random", "simulation.durration=1h", "nonsense")
            .Diagnostics.Select(d => d.ToString()).ToList();
        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "--set apps.AppX.arrival.rate=400: error: 'apps[0].arrival.rate' is '400', expected " + Units.RateHint,
            "--set zones.Extranet.balancer=random: error: 'zones' has no item named 'Extranet', expected one of Intranet or an index from 0 to 0",
            "--set simulation.durration=1h: error: unknown key 'durration' in 'simulation', did you mean 'duration'? (expected one of duration, warmup, replications, window, seed, max_in_flight)",
            "--set nonsense: error: expected key.path=value, e.g. --set apps.AppX.arrival.rate=400/s",
        }));
    }

    [Test]
    public void The_last_override_of_a_field_wins()
    {
        var s = Load("apps.AppX.arrival.rate=1/s", "apps.AppX.arrival.rate=2/s").Scenario!;
        Assert.That(s.Farm.Apps[0].ArrivalRate, Is.EqualTo(2));
    }

    [Test]
    public void An_item_of_a_list_of_names_is_set_by_its_index()
    {
        var s = Load("zones.Intranet.servers.0=fe1", "zones.Intranet.servers.1=fe2").Scenario!;
        Assert.That(s.Farm.Zones[0].Servers, Is.EqualTo(new[] { "fe1", "fe2" }));
        Assert.That(Load("zones.Intranet.servers.fe2=fe1").Diagnostics.Single().ToString(),
            Is.EqualTo("--set zones.Intranet.servers.fe2=fe1: error: 'zones.Intranet.servers.fe2': the list 'zones.Intranet.servers' has no item named 'fe2', expected a name or an index from 0 to 1"));
    }

    [Test]
    public void A_misspelt_key_that_an_override_creates_is_reported_against_the_override()
    {
        Assert.That(Load("enviroment.proxy.latency=3ms").Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "--set enviroment.proxy.latency=3ms: error: unknown key 'enviroment' at the top level, did you mean 'environment'? " +
            "(expected one of name, description, simulation, environment, server_defaults, servers, zone_defaults, zones, app_defaults, apps, database, events, sweep, slo)",
        }));
    }

    [Test]
    public void Every_problem_of_one_override_is_reported()
    {
        var problems = Load("zones.Intranet={ name: Intranet, servers: [fe9], balancer: rnd }").Diagnostics.Select(d => d.Message).ToList();
        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems, Has.Some.Contains("unknown server 'fe9'").And.Some.Contains("unknown balancing algorithm 'rnd'"));
    }
}
