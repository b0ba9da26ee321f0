using FarmSim.Scenarios;

namespace FarmSim.Tests.Scenarios;

/// <summary>
/// One case per validation rule: a line of a valid scenario is replaced, and the loader must report
/// the rule's message at the line and column of the offending token.
/// </summary>
public class ValidationRuleTests
{
    private static readonly string[] Base =
    [
        "name: t",
        "simulation: { duration: 10m, warmup: 1m }",
        "servers:",
        "  - { name: fe1, workers: 4 }",
        "  - { name: fe2, workers: 4 }",
        "zones:",
        "  - { name: Intranet, servers: [fe2] }",
        "apps:",
        "  - { name: A, arrival: { rate: 10/s }, service: { distribution: exponential, mean: 50ms } }",
        "  - { name: B, zone: Intranet, arrival: { rate: 5/s }, service: { distribution: constant, value: 20ms } }",
    ];

    /// <summary>Replace line <paramref name="Line"/>; expect the problem at <paramref name="Token"/> on line <paramref name="At"/> (the same line when 0).</summary>
    public sealed record Case(string Rule, int Line, string Replacement, string Token, string Message, Severity Severity = Severity.Error, int At = 0, string[]? Also = null)
    {
        public override string ToString() => Rule;
    }

    public static IEnumerable<Case> Cases() =>
    [
        new("unknown key, nearest suggested", 4, "  - { name: fe1, workers: 4, sped: 2 }", "sped",
            "unknown key 'sped' in 'servers[0]', did you mean 'speed'? (expected one of name, count, workers, queue_limit, speed, weight, cores, failures)"),
        new("missing required field", 4, "  - { name: fe1 }", "{", "missing required field 'workers' in 'servers[0]', expected a whole number"),
        new("wrong type", 4, "  - { name: fe1, workers: many }", "many", "'servers[0].workers' is 'many', expected a whole number"),
        new("a list where a mapping belongs", 2, "simulation: [10m]", "[", "'simulation' is a list, expected a mapping of duration, warmup, replications, window, seed, max_in_flight"),
        new("a duration without a unit", 2, "simulation: { duration: 10 }", "10", "'simulation.duration' is '10', expected " + Units.DurationHint),
        new("an unknown unit", 2, "simulation: { duration: 10d }", "10d", "'simulation.duration' is '10d', expected " + Units.DurationHint),
        new("a rate without a unit", 9, "  - { name: A, arrival: { rate: 10 }, service: { distribution: exponential, mean: 50ms } }", "10 }",
            "'apps[0].arrival.rate' is '10', expected " + Units.RateHint),
        new("a zero rate", 9, "  - { name: A, arrival: { rate: 0/s }, service: { distribution: exponential, mean: 50ms } }", "0/s",
            "'apps[0].arrival.rate' is 0/s, expected a rate above zero"),
        new("a negative rate", 9, "  - { name: A, arrival: { rate: -5/s }, service: { distribution: exponential, mean: 50ms } }", "-5/s",
            "'apps[0].arrival.rate' is -5/s, expected a rate above zero"),
        new("too many zone retries", 7, "  - { name: Intranet, servers: [fe2], retries: 40 }", "40", "'zones[0].retries' is 40, expected 0 to 15"),
        new("zero workers", 4, "  - { name: fe1, workers: 0 }", "0 }", "'servers[0].workers' is 0, expected 1 or more"),
        new("a zero duration", 2, "simulation: { duration: 0s }", "0s", "'simulation.duration' is 0s, expected more than zero"),
        new("a negative warm-up", 2, "simulation: { duration: 10m, warmup: -1m }", "-1m", "'simulation.warmup' is -60s, expected zero or more"),
        new("zero replications", 2, "simulation: { duration: 10m, replications: 0 }", "0 }", "'simulation.replications' is 0, expected 1 or more"),
        new("a duplicate server", 5, "  - { name: fe1, workers: 4 }", "fe1", "'servers[1].name' server 'fe1' is defined twice, expected unique names",
            Also: ["s.yaml:7:33: error: 'zones[0].servers[0]' zone 'Intranet' lists unknown server 'fe2', expected one of fe1"]),
        new("a duplicate app", 10, "  - { name: A, zone: Intranet, arrival: { rate: 5/s }, service: { distribution: constant, value: 20ms } }", "A,",
            "'apps[1].name' app 'A' is defined twice, expected unique names",
            Also: ["s.yaml:10:5: error: 'apps[1].path' path '/A' is already claimed by app 'A', expected each path to route to one app"]),
        new("a duplicate key", 4, "  - { name: fe1, workers: 4, workers: 8 }", "workers: 8", "key 'workers' is given twice, expected each key once"),
        new("an app in a zone that does not exist", 10, "  - { name: B, zone: Intranett, arrival: { rate: 5/s }, service: { distribution: constant, value: 20ms } }", "Intranett",
            "'apps[1].zone' app 'B' is published to unknown zone 'Intranett', expected one of Intranet, Global"),
        new("a zone listing an unknown server", 7, "  - { name: Intranet, servers: [fe9] }", "fe9",
            "'zones[0].servers[0]' zone 'Intranet' lists unknown server 'fe9', expected one of fe1, fe2"),
        new("a zone with no servers", 7, "  - { name: Intranet, servers: [] }", "[]", "'zones[0].servers' zone 'Intranet' has no servers, expected at least one"),
        new("a path claimed twice", 10, "  - { name: B, path: /a, zone: Intranet, arrival: { rate: 5/s }, service: { distribution: constant, value: 20ms } }", "/a",
            "'apps[1].path' path '/a' is already claimed by app 'A', expected each path to route to one app"),
        new("a lognormal with cv zero", 9, "  - { name: A, arrival: { rate: 10/s }, service: { distribution: lognormal, mean: 50ms, cv: 0 } }", "0 }",
            "'apps[0].service.cv' is 0, expected more than zero (a lognormal with cv 0 is not defined; use constant)"),
        new("a uniform with min above max", 9, "  - { name: A, arrival: { rate: 10/s }, service: { distribution: uniform, min: 200ms, max: 100ms } }", "200ms",
            "'apps[0].service.min' 0.2 is greater than max 0.1, expected min <= max"),
        new("an erlang without phases", 9, "  - { name: A, arrival: { rate: 10/s }, service: { distribution: erlang, mean: 50ms, k: 0 } }", "0 }",
            "'apps[0].service.k' is 0, expected a whole number of phases, 1 or more"),
        new("a parameter of another distribution", 9, "  - { name: A, arrival: { rate: 10/s }, service: { distribution: exponential, mean: 50ms, cv: 2 } }", "2 }",
            "'apps[0].service.cv' does not apply to the exponential distribution, expected only mean"),
        new("an unknown distribution", 9, "  - { name: A, arrival: { rate: 10/s }, service: { distribution: exponental, mean: 50ms } }", "exponental",
            "unknown distribution 'exponental', did you mean 'exponential'? (expected one of exponential, constant, lognormal, gamma, erlang, uniform, weibull, empirical)"),
        new("an unknown balancer", 7, "  - { name: Intranet, servers: [fe2], balancer: round-robbin }", "round-robbin",
            "unknown balancing algorithm 'round-robbin', did you mean 'round-robin'? (expected one of round-robin, random, least-connections, power-of-two-choices, weighted-least-connections, haproxy-leastconn, weighted-total-traffic, nginx-random-two, random-draws, least-request, first, least-response-time, peak-ewma, hash, ring-hash, maglev)"),
        new("overload of a zone (warning)", 10, "  - { name: B, zone: Intranet, arrival: { rate: 500/s }, service: { distribution: constant, value: 20ms } }", "{",
            "zone 'Intranet' is offered 10 busy workers of work but its servers have 4 (workers × speed): its queues will grow until requests are rejected", Severity.Warning, At: 7,
            Also: ["s.yaml:9:3: warning: the farm is offered 10.5 busy workers of work but has 8 (workers × speed) in all"]),
        new("a server in no zone (warning)", 7, "  - { name: Intranet, servers: [fe2] }\n  - { name: Global, servers: [fe2] }", "{",
            "server 'fe1' is in no zone, so no request will reach it", Severity.Warning, At: 4),
        new("a warm-up longer than the run (warning)", 2, "simulation: { duration: 10m, warmup: 20m }", "20m",
            "the warm-up (20m) is longer than the measured duration (10m); most of the run will be discarded", Severity.Warning),
    ];

    [TestCaseSource(nameof(Cases))]
    public void Each_rule_is_reported_at_its_token(Case c)
    {
        var lines = (string[])Base.Clone();
        lines[c.Line - 1] = c.Replacement;
        int line = c.At > 0 ? c.At : c.Line;
        string text = lines[line - 1];
        int column = text.IndexOf(c.Token, StringComparison.Ordinal) + 1;
        Assert.That(column, Is.GreaterThan(0), "the token is on the line");

        var result = ScenarioLoader.Load(string.Join("\n", lines), "s.yaml");
        string severity = c.Severity == Severity.Error ? "error" : "warning";
        // Exactly the rule's problem (and any other the change really causes): no echo, no cascade.
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EquivalentTo(c.Also is null
            ? new[] { $"s.yaml:{line}:{column}: {severity}: {c.Message}" }
            : [$"s.yaml:{line}:{column}: {severity}: {c.Message}", .. c.Also]));
        Assert.That(result.Succeeded, Is.EqualTo(c.Severity == Severity.Warning));
    }

    [Test]
    public void The_base_scenario_is_valid()
    {
        var result = ScenarioLoader.Load(string.Join("\n", Base), "s.yaml");
        Assert.That(result.Diagnostics, Is.Empty);
    }
}
