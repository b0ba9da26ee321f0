using FarmSim.Farm.Metrics;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>Balancers that find out from their live traffic (Envoy's outlier detection, ARR's live-traffic test), against their products' rules.</summary>
public class PassiveCheckTheoryTests
{
    [Test]
    public void Envoy_ejects_a_dead_server_after_five_failures_in_a_row_for_30_60_then_90_seconds()
    {
        // Round robin over two servers, no active checks; fe2 crashes at 100 s and stays down. Each
        // ejection follows the 5th failure in a row (a refused connection, or a request lost in the
        // crash) and lasts 30 s × its number; sweeps every 10 s return it: ejected ~100 s, back at the
        // 140-s sweep, ejected again for 60 s, back at 210 s, ejected for 90 s past the run's end at
        // 300 s. Three ejections of five failures each: refused + lost (at most 5) = 15, exactly.
        var results = Farms.Run("""
            name: envoy-ejection
            simulation: { duration: 290s, warmup: 10s, replications: 10, seed: 79 }
            servers: [ { name: fe, count: 2, workers: 100 } ]
            zone_defaults: { health_check: none, outlier_detection: envoy }
            apps: [ { name: App, arrival: { rate: 200/s }, service: { distribution: exponential, mean: 1ms } } ]
            events: [ { at: 100s, server: fe2, action: down } ]
            """);
        foreach (var r in results)
        {
            double refused = r.Find(Scope.App, "App")[Metric.Rejected], lost = r.Find(Scope.App, "App")[Metric.Failed];
            Assert.That(refused + Math.Min(lost, 5), Is.EqualTo(15), $"refused {refused}, lost {lost}");
        }
    }

    [Test]
    public void Envoy_ejects_no_more_than_its_share_of_servers_but_always_one()
    {
        // Three servers, two of them dead from 100 s; at most 10% may be ejected, but one always may:
        // the first to fail five times in a row is ejected, the other is refused a third of the
        // 150/s until its 30-s ejection ends, for the rest of the run: about 50/s × 190 s.
        var results = Farms.Run("""
            name: envoy-max-ejection
            simulation: { duration: 290s, warmup: 10s, replications: 10, seed: 83 }
            servers: [ { name: fe, count: 3, workers: 100 } ]
            zone_defaults: { health_check: none, outlier_detection: envoy, balancer: random }
            apps: [ { name: App, arrival: { rate: 150/s }, service: { distribution: exponential, mean: 1ms } } ]
            events: [ { at: 100s, server: fe2, action: down }, { at: 100s, server: fe3, action: down } ]
            """);
        // Whichever is ejected, the other takes a third of the arrivals (random balancing over all
        // three, then over the two left while one is out): at least 50/s over the 200 s less the
        // ejected one's short spells in rotation, far above what ejecting both would leave (≤ 30).
        Assert.That(results.Values(Scope.App, "App", Metric.Rejected), Has.All.GreaterThan(150 / 3.0 * 150));
    }

    [Test]
    public void ARRs_live_traffic_test_marks_a_dead_server_unhealthy_and_only_a_URL_test_brings_it_back()
    {
        // Round robin over two servers at 200/s; fe2 crashes at 100 s and returns at 200 s. ARR's
        // live-traffic test (5 failures within 10 s) takes it out after 5 failures; without a URL
        // test nothing brings it back, so fe2 completes only its half of the 90 s before the crash:
        // 100/s × 90 s = 9000 on average. With ARR's URL test it is back within 30 s of its return.
        string Scenario(string check) => $$"""
            name: arr-live-traffic
            simulation: { duration: 290s, warmup: 10s, replications: 10, seed: 89 }
            servers: [ { name: fe, count: 2, workers: 100 } ]
            zone_defaults: { health_check: {{check}}, live_traffic: { max_failures: 5, interval: 10s } }
            apps: [ { name: App, arrival: { rate: 200/s }, service: { distribution: exponential, mean: 1ms } } ]
            events: [ { at: 100s, server: fe2, action: down }, { at: 200s, server: fe2, action: up } ]
            """;
        var noUrlTest = Farms.Run(Scenario("none"));
        var urlTest = Farms.Run(Scenario("arr"));
        Assert.Multiple(() =>
        {
            foreach (var r in noUrlTest)
                Assert.That(r.Find(Scope.App, "App")[Metric.Rejected] + Math.Min(r.Find(Scope.App, "App")[Metric.Failed], 5), Is.EqualTo(5), "five failures, then out for good");
            AssertAgrees(noUrlTest.Values(Scope.Server, "fe2", Metric.Completed), 100 * 90, "fe2's completions before its crash");
            // Back at the first URL test after 200 s, U(0, 30 s): 100/s for the 100 s less 15 s on average.
            AssertAgrees(urlTest.Values(Scope.Server, "fe2", Metric.Completed), 100 * 90 + 100 * 85, "fe2's completions, back by the URL test");
        });
    }
}
