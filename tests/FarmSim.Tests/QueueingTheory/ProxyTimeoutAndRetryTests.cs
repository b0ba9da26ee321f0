using FarmSim.Engine.Distributions;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>The proxy's timeout and the zone balancer's retries, against queueing theory.</summary>
public class ProxyTimeoutAndRetryTests
{
    private const double Service = 0.010;

    [Test]
    public void The_timeout_fraction_is_the_MM1_response_time_tail()
    {
        // λ = 80/s, μ = 100/s: the FCFS response time is exponential with rate μ − λ = 20/s, so a
        // 100 ms timeout cuts off e^(−2) of the requests. They count as timeouts, not in latency.
        double lambda = 80, mu = 1 / Service, timeout = 0.100;
        var farm = Farms.Single(1, 1, lambda, DistributionSpec.Exponential(Service)) with { Proxy = new ProxySpec("www.test", 0, timeout) };
        var results = Farms.Run(farm, duration: 2000, warmup: 100, replications: 20);
        AssertAgrees(results.Values(Scope.App, "App", Metric.TimeoutFraction), Math.Exp(-(mu - lambda) * timeout), "M/M/1 P(T > 100 ms)");
        Assert.That(results.Values(Scope.App, "App", Metric.LatencyMaxMs), Has.All.LessThanOrEqualTo(100.1), "no response slower than the timeout counts in latency");
        foreach (var r in results)
        {
            var app = r.Find(Scope.App, "App");
            Assert.That(r.Find(Scope.Server, "fe1")[Metric.Completed], Is.GreaterThan(app[Metric.Completed]), "the server still does the timed-out work");
        }
    }

    [Test]
    public void One_retry_over_two_bufferless_servers_blocks_as_Erlang_B()
    {
        // Two single-worker servers with no queue, random choice. Without retries each is an
        // M/M/1/1 with λ/2: blocking (a/2)/(1 + a/2). With one retry on the other server a request
        // is lost only when both are busy: the M/M/2/2 (Erlang B) blocking.
        double a = 1.5, mu = 1 / Service;
        var plain = Farms.Single(2, 1, a * mu, DistributionSpec.Exponential(Service), balancer: "random", queueLimit: 0);
        var retried = plain with { Zones = [plain.Zones[0] with { Retries = 1 }] };

        var without = Farms.Run(plain, duration: 500, warmup: 20, replications: 20);
        AssertAgrees(without.Values(Scope.App, "App", Metric.RejectedFraction), a / 2 / (1 + a / 2), "M/M/1/1 blocking at a/2");

        var with = Farms.Run(retried, duration: 500, warmup: 20, replications: 20);
        AssertAgrees(with.Values(Scope.App, "App", Metric.RejectedFraction), MMcKBlocking(2, 2, a), "M/M/2/2 (Erlang B) blocking");
        foreach (var r in with)
        {
            var app = r.Find(Scope.App, "App");
            double serverArrivals = r.Find(Scope.Server, "fe1")[Metric.Arrivals] + r.Find(Scope.Server, "fe2")[Metric.Arrivals];
            double refusals = r.Find(Scope.Server, "fe1")[Metric.Rejected] + r.Find(Scope.Server, "fe2")[Metric.Rejected];
            Assert.That(serverArrivals, Is.GreaterThan(app[Metric.Arrivals]), "each retry is one more arrival at a server");
            // Every refusal counts on its server: the first ones (each followed by a retry) and the final ones.
            Assert.That(refusals, Is.EqualTo(serverArrivals - app[Metric.Arrivals] + app[Metric.Rejected]));
        }
    }

    [Test]
    public void A_client_timeout_without_retries_cuts_the_same_MM1_tail()
    {
        double lambda = 80, mu = 1 / Service, timeout = 0.100;
        var farm = Farms.Single(1, 1, lambda, DistributionSpec.Exponential(Service)) with { Client = new ClientSpec(timeout) };
        var results = Farms.Run(farm, duration: 2000, warmup: 100, replications: 20);
        AssertAgrees(results.Values(Scope.App, "App", Metric.TimeoutFraction), Math.Exp(-(mu - lambda) * timeout), "M/M/1 P(T > 100 ms), timed by the client");
        Assert.That(results.Values(Scope.App, "App", Metric.Retries), Has.All.Zero);
    }

    [Test]
    public void Client_retries_after_timeouts_are_extra_load()
    {
        double lambda = 80, timeout = 0.100;
        var plain = Farms.Single(1, 1, lambda, DistributionSpec.Exponential(Service));
        var without = Farms.Run(plain with { Client = new ClientSpec(timeout) }, duration: 500, warmup: 50, replications: 5);
        var with = Farms.Run(plain with { Client = new ClientSpec(timeout, Retries: 1, Backoff: 0.05) }, duration: 500, warmup: 50, replications: 5);
        for (int r = 0; r < with.Count; r++)
        {
            var app = with[r].Find(Scope.App, "App");
            Assert.That(app[Metric.Retries], Is.GreaterThan(0));
            // One retry per timed-out first send: no more retries than timeouts, but for those whose
            // timeout fell in the back-off before the warm-up ended: about lambda x P(timeout) x
            // back-off of them (Poisson), 3.3 sigma above.
            double straddling = lambda * Math.Exp(-(100 - lambda) * timeout) * 0.05;
            Assert.That(app[Metric.Retries], Is.LessThanOrEqualTo(app[Metric.Timeouts] + straddling + 3.3 * Math.Sqrt(straddling)));
            Assert.That(app[Metric.LatencyMaxMs], Is.LessThanOrEqualTo(100.1), "a given-up request's late answer counts nowhere in latency");
            Assert.That(with[r].Find(Scope.Server, "fe1")[Metric.Utilization], Is.GreaterThan(without[r].Find(Scope.Server, "fe1")[Metric.Utilization]),
                "the retries are more work for the server");
        }
    }

    [Test]
    public void Client_settings_out_of_range_are_each_named()
    {
        var result = FarmSim.Scenarios.ScenarioLoader.Load("""
            name: t
            simulation: { duration: 10m }
            environment: { client: { timeout: 0s, retries: 16, backoff: -1s } }
            servers: [ { name: fe1, workers: 4 } ]
            apps: [ { name: A, arrival: { rate: 10/s }, service: { distribution: exponential, mean: 50ms } } ]
            """, "s.yaml");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EquivalentTo(new[]
        {
            "s.yaml:3:35: error: 'environment.client.timeout' is 0s, expected more than zero",
            "s.yaml:3:48: error: 'environment.client.retries' is 16, expected 0 to 15",
            "s.yaml:3:61: error: 'environment.client.backoff' is -1s, expected zero or more",
        }));
    }

    [Test]
    public void Proxy_timeouts_count_when_they_happen_even_for_requests_still_queued()
    {
        // Overloaded (lambda 150/s, mu 100/s, unlimited queue): most requests never complete, yet each
        // older than the timeout at the end has been answered in time or timed out.
        double lambda = 150, timeout = 0.5;
        var farm = Farms.Single(1, 1, lambda, DistributionSpec.Exponential(Service)) with { Proxy = new ProxySpec("www.test", 0, timeout) };
        foreach (var r in Farms.Run(farm, duration: 200, warmup: 10, replications: 3))
        {
            var app = r.Find(Scope.App, "App");
            double unaccounted = app[Metric.Arrivals] - app[Metric.Completed] - app[Metric.Timeouts];
            // Only the last half second's arrivals may still be pending: Poisson(lambda x timeout), 3.3 sigma above.
            Assert.That(unaccounted, Is.LessThan(lambda * timeout + 3.3 * Math.Sqrt(lambda * timeout)));
            Assert.That(app[Metric.Timeouts], Is.GreaterThan(app[Metric.Arrivals] / 2));
        }
    }
}
