using FarmSim.Engine.Distributions;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Scenarios;

public class ScenarioLoaderTests
{
    private static readonly string ScenarioFolder = Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios");

    public static IEnumerable<string> Examples() =>
        Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios"), "*.yaml").Select(Path.GetFileName)!;

    [TestCaseSource(nameof(Examples))]
    public void Every_example_scenario_loads_without_problems(string file)
    {
        var result = ScenarioLoader.LoadFile(Path.Combine(ScenarioFolder, file));
        // The Monday peak is an example of a farm overloaded at its peak, and the example logs hold
        // garbage lines among their quirks: the warnings are their point.
        string? expected = file switch
        {
            "monday-peak.yaml" => "the farm is offered 49.8 busy workers of work at its peak",
            "yesterday-twice-over.yaml" => "skipped 32 lines that could not be read",
            _ => null,
        };
        Assert.That(result.Diagnostics.Where(d => expected is null || d.Severity != Severity.Warning || !d.Message.Contains(expected, StringComparison.Ordinal)), Is.Empty);
        Assert.That(result.Scenario, Is.Not.Null);
    }

    [Test]
    public void The_issue_example_reads_as_written()
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(ScenarioFolder, "intranet-zone.yaml")).Scenario!;
        Assert.That(scenario.Name, Is.EqualTo("intranet-zone"));
        Assert.That(scenario.Simulation, Is.EqualTo(new FarmSim.Farm.Topology.SimulationSettings(3600, 300, 10, 42)));
        Assert.That(scenario.Farm.Proxy.Latency, Is.EqualTo(0.002));
        Assert.That(scenario.Farm.Servers[2], Is.EqualTo(new FarmSim.Farm.Topology.FrontEndSpec("fe3", 32, 1000, 1.5)));
        Assert.That(scenario.Farm.MembersOf(scenario.Farm.Zones[0]), Is.EqualTo(new[] { "fe1", "fe2", "fe3" }));
        Assert.That(scenario.Farm.Zones[1].Balancer, Is.EqualTo("least-connections"));
        var appX = scenario.Farm.Apps[0];
        Assert.That((appX.Path, appX.Zone, appX.ArrivalRate), Is.EqualTo(("/AppX", "Global", 300.0)));
        Assert.That(appX.Service, Is.EqualTo(DistributionSpec.LogNormal(0.08, 1.5)));
    }

    private static List<string> Problems(string yaml) =>
        ScenarioLoader.Load(yaml, "s.yaml").Diagnostics.Select(d => d.ToString()).ToList();

    private const string Valid = """
        name: t
        simulation: { duration: 10m }
        servers:
          - { name: fe1, workers: 4 }
        apps:
          - { name: A, arrival: { rate: 10/s }, service: { distribution: exponential, mean: 50ms } }
        """;

    [Test]
    public void A_minimal_scenario_gets_the_defaults_and_an_implicit_Global_zone()
    {
        var result = ScenarioLoader.Load(Valid);
        Assert.That(result.Diagnostics, Is.Empty);
        var s = result.Scenario!;
        Assert.That(s.Simulation, Is.EqualTo(new FarmSim.Farm.Topology.SimulationSettings(600, 0, 10, 1)));
        Assert.That(s.Farm.Zones.Single().Name, Is.EqualTo("Global"));
        Assert.That(s.Farm.Apps[0].Zone, Is.EqualTo("Global"));
        Assert.That(s.Farm.Servers[0].QueueLimit, Is.EqualTo(1000), "IIS' default queue length");
    }

    [Test]
    public void Every_problem_is_reported_at_once_with_its_line_and_column()
    {
        var problems = Problems("""
            name: t
            simulation: { duration: 600, replications: 5 }
            servers:
              - { name: fe1, workers: 4, queue_limt: 10 }
            zones:
              - { name: Intranet, servers: [fe1, fe7], balancer: least-conections }
            apps:
              - { name: A, zone: Extranet, arrival: { rate: 10 }, service: { distribution: lognormal, mean: 50ms, cv: 0 } }
            """);
        Assert.That(problems, Is.EqualTo(new[]
        {
            "s.yaml:2:25: error: 'simulation.duration' is '600', expected " + Units.DurationHint,
            "s.yaml:4:30: error: unknown key 'queue_limt' in 'servers[0]', did you mean 'queue_limit'? (expected one of name, count, workers, queue_limit, speed, weight, cores, failures)",
            "s.yaml:6:38: error: 'zones[0].servers[1]' zone 'Intranet' lists unknown server 'fe7', expected one of fe1",
            "s.yaml:6:54: error: unknown balancing algorithm 'least-conections', did you mean 'least-connections'? (expected one of round-robin, random, least-connections, power-of-two-choices, weighted-least-connections, haproxy-leastconn, weighted-total-traffic, nginx-random-two, random-draws, least-request, first, least-response-time, peak-ewma, hash, ring-hash, maglev)",
            "s.yaml:8:22: error: 'apps[0].zone' app 'A' is published to unknown zone 'Extranet', expected one of Intranet, Global",
            "s.yaml:8:49: error: 'apps[0].arrival.rate' is '10', expected " + Units.RateHint,
            "s.yaml:8:107: error: 'apps[0].service.cv' is 0, expected more than zero (a lognormal with cv 0 is not defined; use constant)",
        }));
    }

    [Test]
    public void Malformed_and_empty_files_are_errors_not_exceptions()
    {
        Assert.That(Problems(""), Is.EqualTo(new[] { "s.yaml:1:1: error: the file is empty, expected a scenario: a mapping with name, simulation, servers, zones and apps" }));
        Assert.That(Problems("name: t\nservers: [unclosed"), Has.Count.EqualTo(1).And.One.StartsWith("s.yaml:3:1: error: not valid YAML"));
        Assert.That(Problems("- just\n- a list"), Is.EqualTo(new[] { "s.yaml:1:1: error: the scenario is a list, expected a mapping of name, description, simulation, environment, server_defaults, servers, zone_defaults, zones, app_defaults, apps, database, events, sweep, slo" }));
        Assert.That(Problems("name: a\nname: b\n"), Is.EqualTo(new[] { "s.yaml:2:1: error: key 'name' is given twice, expected each key once" }));
    }

    [TestCase("duration", "250ms", 0.25)]
    [TestCase("duration", "2m", 120)]
    [TestCase("duration", "1.5h", 5400)]
    [TestCase("duration", "40us", 40e-6)]
    [TestCase("rate", "120/s", 120)]
    [TestCase("rate", "7200/h", 2)]
    [TestCase("rate", "30/m", 0.5)]
    [TestCase("factor", "1.5", 1.5)]
    [TestCase("factor", "150%", 1.5)]
    [TestCase("factor", "20 %", 0.2)]
    public void Quantities_take_their_units(string kind, string text, double value)
    {
        double parsed = 0;
        bool ok = kind switch
        {
            "duration" => Units.TryParseDuration(text, out parsed),
            "rate" => Units.TryParseRate(text, out parsed),
            _ => Units.TryParseFactor(text, out parsed),
        };
        Assert.That(ok, Is.True);
        Assert.That(parsed, Is.EqualTo(value).Within(1e-12));
    }

    [TestCase("120")]
    [TestCase("120/d")]
    [TestCase("fast")]
    public void A_rate_without_a_known_unit_is_refused(string text) =>
        Assert.That(Units.TryParseRate(text, out _), Is.False);
}
