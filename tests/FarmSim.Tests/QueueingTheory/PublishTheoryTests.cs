using FarmSim.Farm.Metrics;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>Publishes, recycles and changes to the zones, against what they must cost.</summary>
public class PublishTheoryTests
{
    [Test]
    public void An_all_at_once_publish_refuses_every_request_that_comes_during_its_restart()
    {
        // Both servers' pools restart together for 20 s, and a balancer without checks goes on
        // sending to them: every request of those 20 s is refused, a Poisson count of mean 50/s × 20 s.
        var results = Farms.Run("""
            name: publish-all
            simulation: { duration: 200s, warmup: 10s, replications: 30, seed: 61 }
            servers: [ { name: fe, count: 2, workers: 100 } ]
            zone_defaults: { health_check: none }
            apps: [ { name: App, arrival: { rate: 50/s }, service: { distribution: exponential, mean: 20ms } } ]
            events: [ { at: 100s, zone: Global, action: publish, restart: 20s, cold_start: { factor: 1 } } ]
            """);
        AssertAgrees(results.Values(Scope.App, "App", Metric.Rejected), 50 * 20, "requests refused during the restart");
        Assert.That(results.Values(Scope.App, "App", Metric.Failed), Is.All.Zero, "a publish lets what is in flight finish");
    }

    [Test]
    public void A_rolling_publish_refuses_nothing_with_a_drain_and_the_detection_delay_without()
    {
        // One server at a time restarts for 20 s. Drained first, it gets nothing while its pool is
        // down. Not drained, round robin sends it a third of the 60/s until the third failed probe.
        // For fe1 that comes D ~ U(4 s, 6 s) after the publish begins; fe2 and fe3 each begin at the
        // probe that finds the one before risen, so theirs comes three intervals later, 6 s:
        // 20/s × (5 s + 6 s + 6 s) = 340 refused on average.
        string Scenario(string drain) => $$"""
            name: publish-rolling
            simulation: { duration: 300s, warmup: 10s, replications: 30, seed: 67 }
            servers: [ { name: fe, count: 3, workers: 100 } ]
            apps: [ { name: App, arrival: { rate: 60/s }, service: { distribution: exponential, mean: 50ms } } ]
            events: [ { at: 100s, zone: Global, action: publish, at_a_time: 1, drain: {{drain}}, restart: 20s } ]
            """;
        var drained = Farms.Run(Scenario("30s"));
        var notDrained = Farms.Run(Scenario("0s"));
        Assert.Multiple(() =>
        {
            Assert.That(drained.Values(Scope.App, "App", Metric.Rejected), Is.All.Zero, "no request reaches a restarting pool");
            Assert.That(drained.Values(Scope.App, "App", Metric.Failed), Is.All.Zero);
            AssertAgrees(notDrained.Values(Scope.App, "App", Metric.Rejected), 20 * (5 + 6 + 6), "refused before each restart is detected");
        });
    }

    [Test]
    public void A_cold_pool_serves_slower_by_the_average_of_its_fading_factor()
    {
        // A recycle at the end of the warm-up, with a cold start 3 times slower fading linearly over
        // the 600-s measured period: with workers to spare (M/G/∞) a request's time is its service
        // times the factor when it starts, so the mean is E[S] × (1 + (3 − 1) / 2) = 2 E[S] = 20 ms.
        var results = Farms.Run("""
            name: cold-start
            simulation: { duration: 600s, warmup: 10s, replications: 10, seed: 71 }
            servers: [ { name: fe1, workers: 1000 } ]
            apps: [ { name: App, arrival: { rate: 100/s }, service: { distribution: exponential, mean: 10ms } } ]
            events: [ { at: 10s, server: fe1, action: recycle, cold_start: { factor: 3, fade: 600s } } ]
            """);
        AssertAgrees(results.Values(Scope.App, "App", Metric.LatencyMeanMs), 20, "mean response through the cold start (ms)", relativeResolution: 0.001);
        Assert.That(results.Values(Scope.App, "App", Metric.Rejected), Is.All.Zero, "an overlapped recycle refuses nothing");
    }

    [Test]
    public void Weight_join_and_leave_events_set_each_servers_share_of_round_robin()
    {
        // Before the measured period begins, fe1 leaves the zone, fe3 (in no zone but Global's
        // sibling) joins it and fe2's weight becomes 3: smooth weighted round robin then sends fe2
        // three requests in four and fe3 one, exactly, up to one rotation.
        var results = Farms.Run("""
            name: membership
            simulation: { duration: 100s, warmup: 10s, replications: 2, seed: 73 }
            servers: [ { name: fe, count: 3, workers: 100 } ]
            zones: [ { name: Web, servers: [fe1, fe2], balancer: round-robin } ]
            apps: [ { name: App, zone: Web, arrival: { rate: 100/s }, service: { distribution: exponential, mean: 10ms } } ]
            events:
              - { at: 5s, server: fe1, action: leave, zone: Web }
              - { at: 5s, server: fe3, action: join, zone: Web }
              - { at: 5s, server: fe2, action: weight, weight: 3 }
            """);
        foreach (var r in results)
        {
            double fe1 = r.Find(Scope.Server, "fe1")[Metric.Arrivals], fe2 = r.Find(Scope.Server, "fe2")[Metric.Arrivals], fe3 = r.Find(Scope.Server, "fe3")[Metric.Arrivals];
            Assert.Multiple(() =>
            {
                Assert.That(fe1, Is.Zero, "fe1 has left");
                Assert.That(fe2, Is.EqualTo(3 * (fe2 + fe3) / 4).Within(4), "fe2 at weight 3");
                Assert.That(fe3, Is.EqualTo((fe2 + fe3) / 4).Within(4), "fe3 at weight 1, since it joined");
            });
        }
    }

    [Test]
    public void An_app_moved_to_another_zone_sends_there_what_its_users_send_from_then_on()
    {
        // Reports runs in Old (fe1) until 100 s, then in New (fe2): fe1 serves the Poisson count of
        // its 90 measured seconds before the move, 50/s × 90 s, and fe2 its 100 s after; nothing is lost.
        var results = Farms.Run("""
            name: move
            simulation: { duration: 190s, warmup: 10s, replications: 10, seed: 97 }
            servers: [ { name: fe1, workers: 50 }, { name: fe2, workers: 50 } ]
            zones: [ { name: Old, servers: [fe1], balancer: least-connections }, { name: New, servers: [fe2], balancer: least-connections } ]
            apps: [ { name: Reports, zone: Old, arrival: { rate: 50/s }, service: { distribution: exponential, mean: 100ms } } ]
            events: [ { at: 100s, app: Reports, action: move, zone: New } ]
            """);
        Assert.Multiple(() =>
        {
            AssertAgrees(results.Values(Scope.Server, "fe1", Metric.Arrivals), 50 * 90, "fe1's arrivals, before the move");
            AssertAgrees(results.Values(Scope.Server, "fe2", Metric.Arrivals), 50 * 100, "fe2's arrivals, after it (100 s to the end at 200 s)");
            Assert.That(results.Values(Scope.App, "Reports", Metric.Rejected), Is.All.Zero);
        });
    }

    [Test]
    public void A_rolling_publish_without_probes_goes_on_once_an_ejection_ends_and_two_publishes_take_turns()
    {
        // No active checks, Envoy's outlier detection, no drain: each server's restarting pool fails
        // five requests in a row and is ejected; nothing probes, so the publish sees it back when the
        // sweep ends its ejection, and goes on to the next. A second publish of the zone that comes
        // while the first is under way waits for it: every server restarts twice, each time ejected
        // after exactly five refusals (Envoy's count grows, but sweeps lower it between the two).
        var results = Farms.Run("""
            name: publish-ejections
            simulation: { duration: 900s, warmup: 10s, replications: 3, seed: 101 }
            servers: [ { name: fe, count: 3, workers: 100 } ]
            zone_defaults: { health_check: none, outlier_detection: envoy }
            apps: [ { name: App, arrival: { rate: 60/s }, service: { distribution: exponential, mean: 1ms } } ]
            events:
              - { at: 100s, zone: Global, action: publish, at_a_time: 1, drain: 0s, restart: 20s }
              - { at: 110s, zone: Global, action: publish, at_a_time: 1, drain: 0s, restart: 20s }
            """);
        foreach (string fe in new[] { "fe1", "fe2", "fe3" })
            Assert.That(results.Values(Scope.Server, fe, Metric.Rejected), Is.All.EqualTo(10), $"{fe}: two restarts, five refusals each");
    }
}
