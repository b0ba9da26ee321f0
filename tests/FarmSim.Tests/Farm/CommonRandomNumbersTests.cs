using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime;
using FarmSim.Farm.Topology;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Farm;

/// <summary>
/// Each source of requests (an app's users, the calls of a class, a browser's calls, the users'
/// retries) draws its demands from streams of its own, so an alternative that changes calls or
/// timeouts leaves the demands of every other source as they were.
/// </summary>
public class CommonRandomNumbersTests
{
    // Workers to spare and no cores: every request's latency is its own demand, whatever else runs.
    private const string Farm = """
        name: crn
        simulation: { duration: 200s, replications: 1, seed: 3 }
        servers: [ { name: fe1, workers: 100000, queue_limit: unlimited } ]
        apps:
          - name: Portal
            arrival: { rate: 50/s }
            classes: [ { name: Page, share: 100%, cpu: 1ms, calls: [ { app: Orders, class: Place, probability: PROBABILITY } ] } ]
          - name: Orders
            arrival: { rate: 50/s }
            classes: [ { name: Place, share: 100%, cpu: { distribution: lognormal, mean: 20ms, cv: 1.5 } } ]
        """;

    /// <summary>Orders' own users' total demand: all of Orders' latency less that of the calls it received.</summary>
    private static double OwnUsersDemand(string probability)
    {
        var results = Farms.Run(Farm.Replace("PROBABILITY", probability));
        var app = results[0].Find(Scope.App, "Orders");
        var edge = results[0].Find(Scope.Call, "Portal.Page->Orders.Place");
        return app[Metric.LatencyMeanMs] * app[Metric.Completed] - edge[Metric.LatencyMeanMs] * edge[Metric.Completed];
    }

    [Test]
    public void Changing_a_callers_calls_leaves_the_callees_own_users_demands_as_they_were()
    {
        double few = OwnUsersDemand("30%"), many = OwnUsersDemand("90%");
        // Sums of some 10,000 latencies in ms, each kept to a double: equal but for rounding.
        Assert.That(many, Is.EqualTo(few).Within(1e-9 * few));
    }

    [Test]
    public void Users_calls_browser_calls_and_retries_each_draw_from_streams_of_their_own()
    {
        var loaded = ScenarioLoader.Load("""
            name: sources
            simulation: { duration: 10s }
            environment: { client: { timeout: 1s, retries: 2 } }
            servers: [ { name: fe1, workers: 4 } ]
            apps:
              - name: Portal
                arrival: { rate: 5/s }
                classes: [ { name: Home, share: 100%, cpu: 1ms, calls: [ { app: Orders, class: List }, { app: Orders, class: List } ], browser: [ { app: Orders, class: List } ] } ]
              - name: Orders
                arrival: { rate: 5/s }
                classes: [ { name: List, share: 100%, cpu: 2ms } ]
            """);
        Assert.That(loaded.Errors, Is.Empty);
        var tables = new CallTables(new RunContext(loaded.Scenario!.Simulation, 0), loaded.Scenario.Farm);
        Assert.That(tables.Sources.Select(s => s.Name), Is.EqualTo(new[]
        {
            "app/Portal", "app/Orders",
            "call/Portal.Home->Orders.List", "call/Portal.Home->Orders.List#2", "browser/Portal.Home->Orders.List",
            "app/Portal/retries", "app/Orders/retries",
        }));
    }
}

public class RequestLayoutTests
{
    [Test]
    public void A_request_takes_48_bytes() =>
        Assert.That(System.Runtime.CompilerServices.Unsafe.SizeOf<FarmSim.Farm.Runtime.Request>(), Is.EqualTo(48),
            "with 100,000 requests in flight a larger request costs about 10% (the benchmark's in-flight case)");
}
