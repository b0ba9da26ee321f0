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
            double serverArrivals = r.Find(Scope.Server, "fe1")[Metric.Arrivals] + r.Find(Scope.Server, "fe2")[Metric.Arrivals];
            Assert.That(serverArrivals, Is.GreaterThan(r.Find(Scope.App, "App")[Metric.Arrivals]), "each retry is one more arrival at a server");
        }
    }
}
