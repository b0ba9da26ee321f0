using FarmSim.Farm.Topology;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Scenarios;

/// <summary>
/// The rules of profiles, bursts, closed users and sessions, one case each: line 6 of a valid
/// scenario is replaced, and exactly the rule's problem must be reported at its token.
/// </summary>
public class WorkloadValidationTests
{
    private static readonly string[] Base =
    [
        "name: t",
        "simulation: { duration: 1h, warmup: 10m }",
        "servers: [ { name: fe1, workers: 4 } ]",
        "apps:",
        "  - { name: Api, arrival: { rate: 5/s }, service: { distribution: exponential, mean: 20ms } }",
        "  - { name: A, arrival: { rate: 10/s }, service: { distribution: exponential, mean: 50ms } }",
        "  - { name: S, sessions: { rate: 1/s, think: 5s }, classes: [ { name: Home, share: 100%, cpu: 5ms } ] }",
    ];

    private const string Service = "service: { distribution: exponential, mean: 50ms }";
    private const string Classes = "classes: [ { name: Home, cpu: 1ms }, { name: Search, cpu: 2ms } ]";

    public sealed record Case(string Rule, string Replacement, string Token, string Message)
    {
        public override string ToString() => Rule;
    }

    public static IEnumerable<Case> Cases() =>
    [
        new("profile times out of order", $"  - {{ name: A, arrival: {{ rate: 10/s, profile: {{ points: [ [0h, 10%], [30m, 50%], [20m, 100%] ] }} }}, {Service} }}", "[20m",
            "'apps[1].arrival.profile.points[2]' is at 20m, not after the point before it at 30m, expected times in increasing order"),
        new("a profile point beyond the repeat period", $"  - {{ name: A, arrival: {{ rate: 10/s, profile: {{ repeat: 1h, points: [ [0h, 10%], [90m, 50%] ] }} }}, {Service} }}", "[90m",
            "'apps[1].arrival.profile.points[1]' is at 1h30m, beyond the repeat period of 1h, expected times within it"),
        new("a negative factor", $"  - {{ name: A, arrival: {{ rate: 10/s, profile: {{ points: [ [0h, 10%], [30m, -20%] ] }} }}, {Service} }}", "[30m",
            "'apps[1].arrival.profile.points[1]' has the value '-20%', expected zero or more"),
        new("a negative rate in a profile", $"  - {{ name: A, arrival: {{ profile: {{ points: [ [0h, 10/s], [30m, -2/s] ] }} }}, {Service} }}", "[30m",
            "'apps[1].arrival.profile.points[1]' has the value '-2/s', expected zero or more"),
        new("rates and factors mixed", $"  - {{ name: A, arrival: {{ profile: {{ points: [ [0h, 10/s], [30m, 50%] ] }} }}, {Service} }}", "{ points",
            "'apps[1].arrival.profile' mixes rates and factors, expected all of one kind"),
        new("a rate beside a profile of rates", $"  - {{ name: A, arrival: {{ rate: 10/s, profile: {{ points: [ [0h, 10/s], [30m, 20/s] ] }} }}, {Service} }}", "10/s,",
            "'apps[1].arrival.rate' is given with a profile of rates, expected one of them (or a profile of factors on the rate)"),
        new("a point that is not a pair", $"  - {{ name: A, arrival: {{ rate: 10/s, profile: {{ points: [ [0h, 10%, 3] ] }} }}, {Service} }}", "[0h",
            "'apps[1].arrival.profile.points[0]' is a list, expected a pair [time, value] such as [9h, 100%]"),
        new("a point's time without unit", $"  - {{ name: A, arrival: {{ rate: 10/s, profile: {{ points: [ [9, 10%] ] }} }}, {Service} }}", "[9,",
            $"'apps[1].arrival.profile.points[0]' has the time '9', expected {Units.DurationHint}"),
        new("a burst outside the run", $"  - {{ name: A, arrival: {{ rate: 10/s, bursts: [ {{ at: 1h, for: 20m, factor: 3 }} ] }}, {Service} }}", "{ at",
            "'apps[1].arrival.bursts[0]' runs from 1h to 1h20m, beyond the run's end at 1h10m (warm-up and duration), expected a burst within the run"),
        new("a negative burst factor", $"  - {{ name: A, arrival: {{ rate: 10/s, bursts: [ {{ at: 10m, for: 5m, factor: -2 }} ] }}, {Service} }}", "-2",
            "'apps[1].arrival.bursts[0].factor' is -200%, expected zero or more"),
        new("random bursts without a mean burst", $"  - {{ name: A, arrival: {{ rate: 10/s, random_bursts: {{ factor: 3, calm: 10m }} }}, {Service} }}", "{ factor",
            "missing required field 'burst' in 'apps[1].arrival.random_bursts', expected a duration with a unit: us, ms, s, m or h (e.g. 250ms, 2m, 1.5h, 9h30m)"),
        new("users without a think time", $"  - {{ name: A, users: {{ count: 50 }}, {Service} }}", "{ count",
            "missing required field 'think' in 'apps[1].users', expected a duration or a distribution"),
        new("users and an arrival rate", $"  - {{ name: A, arrival: {{ rate: 10/s }}, users: {{ count: 50, think: 5s }}, {Service} }}", "{ name",
            "'apps[1]' app 'A' gives more than one of arrival, users and sessions, expected one way its users come"),
        new("a profile of rates for users", $"  - {{ name: A, users: {{ count: 50, think: 5s, profile: {{ points: [ [0h, 5/s] ] }} }}, {Service} }}", "{ points",
            "'apps[1].users.profile' gives rates, expected factors on count (such as 50%)"),
        new("navigation shares that do not add up", $"  - {{ name: A, sessions: {{ rate: 1/s, think: 5s, navigation: {{ start: Home, Home: {{ Search: 60%, leave: 30% }} }} }}, {Classes} }}", "{ Search",
            "'apps[1].sessions.navigation.Home' has shares that add up to 90%, expected 100%"),
        new("a navigation to an unknown class", $"  - {{ name: A, sessions: {{ rate: 1/s, think: 5s, navigation: {{ start: Home, Home: {{ Serch: 60%, leave: 40% }} }} }}, {Classes} }}", "60%",
            "'apps[1].sessions.navigation.Home.Serch' goes to unknown class 'Serch' of app 'A', expected one of Home, Search or leave"),
        new("a navigation that never leaves", $"  - {{ name: A, sessions: {{ rate: 1/s, think: 5s, navigation: {{ start: Home, Home: {{ Search: 100% }}, Search: {{ Home: 100% }} }} }}, {Classes} }}", "{ start",
            "'apps[1].sessions.navigation' never leaves once a visit reaches Home, Search, expected a way to leave from every class a visit can reach"),
        new("a navigation without start", $"  - {{ name: A, sessions: {{ rate: 1/s, think: 5s, navigation: {{ Home: {{ leave: 100% }} }} }}, {Classes} }}", "{ Home",
            "'apps[1].sessions.navigation' has no start, expected start: the class of a visit's first page"),
        new("pages and a navigation", $"  - {{ name: A, sessions: {{ rate: 1/s, think: 5s, pages: 3, navigation: {{ start: Home }} }}, {Classes} }}", "3,",
            "'apps[1].sessions.pages' is given with a navigation, expected one of them: the navigation decides when a visit leaves"),
        new("fewer than one page on average", $"  - {{ name: A, sessions: {{ rate: 1/s, think: 5s, pages: {{ mean: 0.5 }} }}, {Service} }}", "{ mean",
            "'apps[1].sessions.pages' is 0.5, expected 1 to 1000000 pages"),
    ];

    [TestCaseSource(nameof(Cases))]
    public void Each_rule_is_reported_at_its_token(Case c)
    {
        var lines = (string[])Base.Clone();
        lines[5] = c.Replacement;
        int column = c.Replacement.IndexOf(c.Token, StringComparison.Ordinal) + 1;
        Assert.That(column, Is.GreaterThan(0), "the token is on the line");
        var result = ScenarioLoader.Load(string.Join("\n", lines), "s.yaml");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EquivalentTo(new[] { $"s.yaml:6:{column}: error: {c.Message}" }));
        Assert.That(result.Succeeded, Is.False);
    }

    [Test]
    public void The_base_scenario_is_valid() => Assert.That(ScenarioLoader.Load(string.Join("\n", Base), "s.yaml").Diagnostics, Is.Empty);

    [Test]
    public void Profiles_bursts_users_and_sessions_are_written_back_to_the_same_model()
    {
        var lines = (string[])Base.Clone();
        lines[4] = $"  - {{ name: Api, arrival: {{ profile: {{ shape: steps, repeat: 30m, points: [ [0m, 3/s], [10m, 7/s] ] }}, bursts: [ {{ at: 15m, for: 1m, factor: 2.5 }} ], random_bursts: {{ rate: 14/s, calm: 5m, burst: 30s }} }}, {Service} }}";
        lines[5] = $"  - {{ name: A, users: {{ count: 40, think: {{ distribution: gamma, mean: 3s, cv: 0.5 }}, profile: {{ points: [ [0m, 0%], [5m, 100%] ] }} }}, {Service} }}";
        lines[6] = "  - { name: S, sessions: { rate: 1/s, think: 5s, navigation: { start: { Home: 70%, Search: 30% }, Home: { Search: 50%, leave: 50% } } }, "
            + "classes: [ { name: Home, cpu: 5ms }, { name: Search, cpu: 9ms } ] }\n  - { name: G, sessions: { rate: 2/s, think: 1s, pages: { mean: 3.5 } }, " + Service + " }";
        var first = ScenarioLoader.Load(string.Join("\n", lines));
        Assert.That(first.Errors, Is.Empty);
        string written = ScenarioWriter.ToJson(first.Scenario!).ToJsonString();
        var again = ScenarioLoader.Load(written, "run.json");
        Assert.That(again.Errors, Is.Empty);
        Assert.That(ScenarioWriter.ToJson(again.Scenario!).ToJsonString(), Is.EqualTo(written));
        var api = again.Scenario!.Farm.Apps[0];
        Assert.That((api.ArrivalRate, api.RandomBursts!.Factor, api.Profile!.Bursts[0].Factor, api.Profile.Repeat), Is.EqualTo((7.0, 2.0, 2.5, (double?)1800)));
        Assert.That(again.Scenario.Farm.Apps[2].Sessions!.Navigation!.Start.Select(s => (s.To, s.Share)), Is.EqualTo(new[] { ((string?)"Home", 0.7), ("Search", 0.3) }));
        Assert.That(again.Scenario.Farm.Apps[3].Sessions!.Pages, Is.EqualTo(new PageCount(3.5, Geometric: true)));
    }

    [Test]
    public void A_profile_of_rates_stands_for_the_rate_as_factors_on_its_largest()
    {
        var lines = (string[])Base.Clone();
        lines[5] = $"  - {{ name: A, arrival: {{ profile: {{ shape: steps, points: [ [0h, 30/s], [20m, 120/s] ] }} }}, {Service} }}";
        var app = ScenarioLoader.Load(string.Join("\n", lines)).Scenario!.Farm.Apps[1];
        Assert.That(app.ArrivalRate, Is.EqualTo(120));
        Assert.That(app.Profile!.Points.Select(p => p.Factor), Is.EqualTo(new[] { 0.25, 1 }));
        Assert.That(app.Profile.Shape, Is.EqualTo(ProfileShape.Steps));
    }

    [Test]
    public void A_profile_read_from_a_csv_beside_the_scenario_reports_its_bad_rows_at_their_lines()
    {
        string folder = Directory.CreateTempSubdirectory("farmsim-profile-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "day.csv"), "time,rate\n0h,10%\n9h,100%\n12h,80%\n");
            File.WriteAllText(Path.Combine(folder, "bad.csv"), "time,value\n0h,10%\n9,100%\n12h,lots\n13h\n");
            var lines = (string[])Base.Clone();
            lines[5] = $"  - {{ name: A, arrival: {{ rate: 300/s, profile: {{ repeat: 24h, file: day.csv }} }}, {Service} }}";
            string good = Path.Combine(folder, "good.yaml");
            File.WriteAllText(good, string.Join("\n", lines));
            var profile = ScenarioLoader.LoadFile(good).Scenario!.Farm.Apps[1].Profile!;
            Assert.That(profile.Points, Is.EqualTo(new[] { new ProfilePoint(0, 0.1), new ProfilePoint(9 * 3600, 1), new ProfilePoint(12 * 3600, 0.8) }));

            string bad = Path.Combine(folder, "bad.yaml");
            File.WriteAllText(bad, string.Join("\n", lines).Replace("day.csv", "bad.csv"));
            string csv = Path.Combine(folder, "bad.csv");
            Assert.That(ScenarioLoader.LoadFile(bad).Diagnostics.Select(d => d.ToString()), Is.EquivalentTo(new[]
            {
                $"{csv}:3:1: error: has the time '9', expected {Units.DurationHint}",
                $"{csv}:4:1: error: has the value 'lots', expected a factor (80%, 1.2) or a rate ({Units.RateHint})",
                $"{csv}:5:1: error: the row has 1 fields, expected 2: a time and a rate or factor",
            }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
