using FarmSim.Farm.Metrics;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>Servers that crash, and balancers that find out by their health checks, against what theory says they cost.</summary>
public class FailureTheoryTests
{
    [Test]
    public void With_one_of_two_servers_down_from_the_start_the_other_is_an_MM1_at_the_whole_rate()
    {
        // fe2 is down from time 0; the balancer's retry sends what fe2 refuses to fe1, and its health
        // checks take fe2 out within 6 s, long before the 60-s warm-up ends. fe1 alone is M/M/1 at
        // λ = 6/s, μ = 10/s: mean response 1/(μ − λ) = 250 ms, and fe2 sees nothing measured.
        var results = Farms.Run("""
            name: one-down
            simulation: { duration: 1h, warmup: 60s, replications: 10, seed: 41 }
            servers: [ { name: fe, count: 2, workers: 1, queue_limit: unlimited } ]
            zone_defaults: { retries: 1, health_check: { interval: 2s, fall: 3, rise: 2 } }
            apps: [ { name: App, arrival: { rate: 6/s }, service: { distribution: exponential, mean: 100ms } } ]
            events: [ { at: 0s, server: fe2, action: down } ]
            """);
        AssertAgrees(results.Values(Scope.App, "App", Metric.LatencyMeanMs), 250, "M/M/1 mean response at the whole rate (ms)", confidence: 1 - (1 - Confidence) / 2);
        AssertAgrees(results.Values(Scope.Server, "fe1", Metric.Utilization), 0.6, "fe1's utilisation", confidence: 1 - (1 - Confidence) / 2);
        Assert.That(results.Values(Scope.Server, "fe2", Metric.Arrivals), Is.All.Zero, "the balancer no longer sends to fe2");
    }

    [Test]
    public void Requests_sent_to_a_dead_server_before_its_checks_notice_are_its_share_of_the_rate_times_the_detection_delay()
    {
        // Round robin over two servers at 200/s; fe2 crashes at 100 s. Its probes come every 2 s from
        // a uniform phase, so the third failed one, which takes it out, comes D ~ U(4 s, 6 s) after the
        // crash: the requests refused meanwhile are half of a Poisson count of mean 200 D, 500 on
        // average. Those fe2 held when it crashed (workers to spare: M/G/∞) are lost: on average
        // its rate times the mean service time, 100/s × 50 ms = 5 (Little's law).
        var results = Farms.Run("""
            name: detection
            simulation: { duration: 190s, warmup: 10s, replications: 30, seed: 43 }
            servers: [ { name: fe, count: 2, workers: 1000, queue_limit: unlimited } ]
            zone_defaults: { health_check: haproxy }
            apps: [ { name: App, arrival: { rate: 200/s }, service: { distribution: exponential, mean: 50ms } } ]
            events: [ { at: 100s, server: fe2, action: down } ]
            """);
        double confidence = 1 - (1 - Confidence) / 3;
        AssertAgrees(results.Values(Scope.App, "App", Metric.Rejected), 200 * 5 / 2.0, "requests refused before detection", confidence: confidence);
        AssertAgrees(results.Values(Scope.App, "App", Metric.Failed), 100 * 0.05, "requests lost in the crash", confidence: confidence);
        // The time to detection is D itself: uniform over (4 s, 6 s), 5 s on average.
        AssertAgrees(results.Values(Scope.Server, "fe2", Metric.DetectionMeanS), 5, "fe2's time to detection (s)", confidence: confidence);
    }

    [Test]
    public void Crashes_amid_queries_calls_cores_timeouts_and_retries_lose_requests_and_nothing_else()
    {
        // A farm with every path a request can be on when its server dies: on cores, at the database,
        // waiting for a call to another zone, given up by its user and sent again. Servers crash and
        // return three times; the run must end, lose requests, and answer the rest.
        var results = Farms.Run("""
            name: chaos
            simulation: { duration: 10m, warmup: 30s, replications: 3, seed: 47, max_in_flight: 5000 }
            environment: { proxy: { timeout: 2s }, client: { timeout: 3s, retries: 2, backoff: 1s } }
            servers: [ { name: fe, count: 4, workers: 8, queue_limit: 50, cores: 2 } ]
            zones: [ { name: Back, servers: [fe3, fe4], balancer: least-connections, retries: 1 } ]
            zone_defaults: { balancer: power-of-two-choices, retries: 1 }
            database: { connections: 20, workers: 8 }
            apps:
              - name: Front
                arrival: { rate: 80/s }
                classes:
                  - { name: Page, share: 70%, cpu: 20ms, db: { queries: 2, time: 5ms }, calls: [ { app: Api, class: Get } ] }
                  - { name: Light, share: 30%, cpu: 5ms }
              - name: Api
                zone: Back
                classes: [ { name: Get, share: 100%, cpu: 10ms, db: { queries: 1, time: 10ms } } ]
            events:
              - { at: 1m, server: fe1, action: down }
              - { at: 2m, server: fe3, action: down }
              - { at: 3m, server: fe1, action: up }
              - { at: 4m, server: fe4, action: down }
              - { at: 6m, server: fe3, action: up }
              - { at: 7m, server: fe4, action: up }
              - { at: 8m, server: fe2, action: down }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Unstable), Has.All.Null, "the lost requests' slots are all freed: nothing piles up");
            Assert.That(results.Values(Scope.App, "Front", Metric.Failed), Has.All.GreaterThan(0));
            Assert.That(results.Values(Scope.App, "Api", Metric.Failed), Has.All.GreaterThan(0), "calls lost with their server");
            Assert.That(results.Values(Scope.App, "Front", Metric.Completed), Has.All.GreaterThan(80 * 600 / 2), "most are answered");
        });
    }

    [Test]
    public void A_server_failing_at_random_is_up_MTBF_over_MTBF_plus_MTTR_of_the_time()
    {
        // Exponential times between failures of mean 100 s and repairs of mean 25 s: an alternating
        // renewal process up 100 / (100 + 25) = 80% of the time in the long run.
        var results = Farms.Run("""
            name: availability
            simulation: { duration: 20000s, warmup: 1000s, replications: 10, seed: 53 }
            servers:
              - { name: fe1, workers: 8, failures: { between: { distribution: exponential, mean: 100s }, repair: { distribution: exponential, mean: 25s } } }
              - { name: fe2, workers: 8 }
            apps: [ { name: App, arrival: { rate: 10/s }, service: { distribution: exponential, mean: 50ms } } ]
            """);
        AssertAgrees(results.Values(Scope.Server, "fe1", Metric.Availability), 0.8, "fe1's availability");
        Assert.That(results.Values(Scope.Server, "fe2", Metric.Availability), Is.All.EqualTo(1), "fe2 never fails");
    }

    [Test]
    public void A_drained_server_loses_nothing_and_is_done_long_before_its_delay()
    {
        // fe2 is drained at 100 s with the default 300-s delay: its balancer sends it nothing new at
        // once, what it holds (50-ms requests) finishes within a second, and nothing is lost or refused.
        var results = Farms.Run("""
            name: drain
            simulation: { duration: 300s, warmup: 10s, replications: 5, seed: 59, window: 10s }
            servers: [ { name: fe, count: 2, workers: 100 } ]
            apps: [ { name: App, arrival: { rate: 100/s }, service: { distribution: exponential, mean: 50ms } } ]
            events: [ { at: 100s, server: fe2, action: drain } ]
            """);
        Assert.Multiple(() =>
        {
            Assert.That(results.Values(Scope.App, "App", Metric.Failed), Is.All.Zero, "nothing lost");
            Assert.That(results.Values(Scope.App, "App", Metric.Rejected), Is.All.Zero, "nothing refused");
            // Windows of 10 s: from the one starting at 110 s on, fe2 completes nothing.
            foreach (var r in results)
            {
                var series = r.TimeSeries.Series.Single(x => x.Scope == Scope.Server && x.Name == "fe2" && x.Metric == "throughput_rps");
                Assert.That(series.Values.Skip(11), Is.All.Zero.Or.NaN, $"replication {r.Replication}: fe2 after the drain");
                Assert.That(series.Values[5], Is.GreaterThan(0), "fe2 before the drain");
            }
        });
    }

    [Test]
    public void A_server_back_from_a_crash_takes_its_share_along_the_slow_start_ramp()
    {
        // Round robin over two servers at 400/s; fe2 is down from 100 s to 200 s. Probes every second
        // (fall 1, rise 1) from a uniform phase φ: the first good one, at 200 + φ, brings fe2 back with
        // no weight, and each later one sets its weight to k/20 of its own (slow start over 20 s, as
        // HAProxy recomputes it at each probe). Smooth round robin then gives fe2 the share
        // w/(1 + w) of each second, and half from 220 + φ on. Measured from 200 s to 230 s, fe2 is
        // sent 400 (Σ_{k<20} k/(20 + k) + (10 − φ)/2) requests, E[φ] = ½.
        var results = Farms.Run("""
            name: slow-start
            simulation: { duration: 30s, warmup: 200s, replications: 30, seed: 61 }
            servers: [ { name: fe, count: 2, workers: 1000, queue_limit: unlimited } ]
            zone_defaults: { health_check: { interval: 1s, fall: 1, rise: 1 }, slow_start: 20s }
            apps: [ { name: App, arrival: { rate: 400/s }, service: { distribution: exponential, mean: 10ms } } ]
            events:
              - { at: 100s, server: fe2, action: down }
              - { at: 200s, server: fe2, action: up }
            """);
        double ramp = Enumerable.Range(1, 19).Sum(k => k / (20.0 + k));
        AssertAgrees(results.Values(Scope.Server, "fe2", Metric.Arrivals), 400 * (ramp + (10 - 0.5) / 2), "fe2's requests over the ramp");
    }

    [Test]
    public void Envoys_slow_start_ramps_along_its_aggression_curve_from_its_minimum_weight()
    {
        // The same return as above, with Envoy's slow start over 20 s and aggression 2: at the probe
        // k seconds after it came back, fe2 weighs max(10%, (max(k, 1) / 20)^(1/2)) of its own, so
        // over second k round robin sends it f_k / (1 + f_k) of the 400/s, from k = 0 (the probe that
        // brings it back) to 19, then half from 220 + φ on.
        var results = Farms.Run("""
            name: envoy-slow-start
            simulation: { duration: 30s, warmup: 200s, replications: 30, seed: 61 }
            servers: [ { name: fe, count: 2, workers: 1000, queue_limit: unlimited } ]
            zone_defaults: { health_check: { interval: 1s, fall: 1, rise: 1 }, slow_start: { window: 20s, aggression: 2 } }
            apps: [ { name: App, arrival: { rate: 400/s }, service: { distribution: exponential, mean: 10ms } } ]
            events:
              - { at: 100s, server: fe2, action: down }
              - { at: 200s, server: fe2, action: up }
            """);
        double ramp = Enumerable.Range(0, 20).Select(k => Math.Max(0.1, Math.Sqrt(Math.Max(k, 1) / 20.0))).Sum(f => f / (1 + f));
        AssertAgrees(results.Values(Scope.Server, "fe2", Metric.Arrivals), 400 * (ramp + (10 - 0.5) / 2), "fe2's requests over Envoy's ramp");
    }

    [Test]
    public void Probes_that_time_out_behind_a_long_queue_take_a_cold_server_out_until_it_drains()
    {
        // fe1 is recycled at 60 s and serves 10 times slower for 5 minutes: its 4 workers then
        // complete 8/s at first while round robin sends it 20/s, and its queue grows. A probe waits
        // behind that queue: with a 2-s timeout its probes fail once about 16 wait, HAProxy's checks
        // take it out after three, and it comes back when its queue has drained, again and again.
        // With a timeout no queue reaches, it keeps its half all along. Arrivals are Poisson
        // either way: the difference is many times their spread.
        string Scenario(string timeout) => $$"""
            name: probe-timeout
            simulation: { duration: 360s, warmup: 60s, replications: 5, seed: 71 }
            servers: [ { name: fe, count: 2, workers: 4, queue_limit: unlimited } ]
            zone_defaults: { health_check: { interval: 2s, fall: 3, rise: 2, timeout: {{timeout}} } }
            apps: [ { name: App, arrival: { rate: 40/s }, service: { distribution: exponential, mean: 50ms } } ]
            events: [ { at: 60s, server: fe1, action: recycle, cold_start: { factor: 10, fade: 300s } } ]
            """;
        double shortTimeout = Farms.Run(Scenario("2s")).Values(Scope.Server, "fe1", Metric.Arrivals).Average();
        double longTimeout = Farms.Run(Scenario("1h")).Values(Scope.Server, "fe1", Metric.Arrivals).Average();
        Assert.Multiple(() =>
        {
            Assert.That(longTimeout, Is.EqualTo(20 * 360).Within(6 * Math.Sqrt(20 * 360)), "round robin's half, never taken out");
            Assert.That(shortTimeout, Is.LessThan(longTimeout - 20 * Math.Sqrt(longTimeout)), "taken out while its queue is long");
        });
    }

    [TestCase("0%", 0.0)]
    [TestCase("50%", 2.0 / 3)]
    public void Below_its_panic_threshold_a_balancer_sends_to_every_server_again(string threshold, double refused)
    {
        // Two of three servers are down long before the measured period. With a panic threshold of
        // 50% (Envoy's), one server in of three is below it: the balancer spreads over all three again,
        // and round robin sends the dead two their 2/3, which they refuse. Without one, all goes to fe1.
        var results = Farms.Run($$"""
            name: panic
            simulation: { duration: 300s, warmup: 30s, replications: 2, seed: 67 }
            servers: [ { name: fe, count: 3, workers: 1000, queue_limit: unlimited } ]
            zone_defaults: { health_check: { interval: 1s, fall: 1, rise: 1 }, panic_threshold: {{threshold}} }
            apps: [ { name: App, arrival: { rate: 100/s }, service: { distribution: exponential, mean: 10ms } } ]
            events: [ { at: 10s, server: fe2, action: down }, { at: 10s, server: fe3, action: down } ]
            """);
        // Round robin alternates exactly: the refused share is 2/3 to within a request.
        Assert.That(results.Values(Scope.App, "App", Metric.RejectedFraction), Is.All.EqualTo(refused).Within(1e-3));
    }
}
