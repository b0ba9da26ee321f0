using FarmSim.Engine.Distributions;
using FarmSim.Farm.Metrics;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>Simulated figures against the exact results of queueing theory.</summary>
public class QueueingTheoryTests
{
    private const double Service = 0.010; // 10 ms mean service time: 1/μ

    [Test]
    public void MM1_mean_response_time_and_p95_match_theory()
    {
        // λ = 80/s, μ = 100/s: ρ = 0.8. The M/M/1 FCFS response time is exponential with rate μ − λ.
        double lambda = 80, mu = 1 / Service;
        var results = Farms.Run(Farms.Single(1, 1, lambda, DistributionSpec.Exponential(Service)), duration: 2000, warmup: 100, replications: 20);

        AssertAgrees(results.Values(Scope.App, "App", Metric.LatencyMeanMs), 1e3 / (mu - lambda), "M/M/1 mean response time (ms)");
        AssertAgrees(results.Values(Scope.App, "App", Metric.LatencyP95Ms), 1e3 * -Math.Log(0.05) / (mu - lambda), "M/M/1 p95 response time (ms)", relativeResolution: 1e-3);
        AssertAgrees(results.Values(Scope.Server, "fe1", Metric.Utilization), lambda / mu, "M/M/1 utilisation");
    }

    [Test]
    public void Proxy_latency_adds_to_every_response_time()
    {
        double lambda = 50, mu = 1 / Service, hop = 0.002;
        var results = Farms.Run(Farms.Single(1, 1, lambda, DistributionSpec.Exponential(Service), proxyLatency: hop), duration: 1000, warmup: 50, replications: 10);
        AssertAgrees(results.Values(Scope.App, "App", Metric.LatencyMeanMs), 1e3 * (1 / (mu - lambda) + hop), "M/M/1 response time behind a 2 ms proxy hop (ms)");
    }

    [TestCase(2)]
    [TestCase(8)]
    public void MMc_mean_wait_matches_Erlang_C_at_rho_0_9(int c)
    {
        double mu = 1 / Service, rho = 0.9, lambda = rho * c * mu;
        var results = Farms.Run(Farms.Single(1, c, lambda, DistributionSpec.Exponential(Service)), duration: 4000, warmup: 200, replications: 20);
        double wait = ErlangC(c, lambda / mu) / (c * mu - lambda);
        AssertAgrees(results.Values(Scope.App, "App", Metric.WaitMeanMs), 1e3 * wait, $"M/M/{c} mean wait (ms), Erlang C");
    }

    [Test]
    public void MMcK_rejected_fraction_matches_the_blocking_probability()
    {
        // Two workers and a queue of three: K = 5 places. Offered load a = 2 (ρ = 1) blocks often.
        int c = 2, queue = 3;
        double mu = 1 / Service, a = 2;
        var results = Farms.Run(Farms.Single(1, c, a * mu, DistributionSpec.Exponential(Service), queueLimit: queue), duration: 1000, warmup: 20, replications: 20);
        AssertAgrees(results.Values(Scope.App, "App", Metric.RejectedFraction), MMcKBlocking(c, c + queue, a), "M/M/2/5 blocking probability");
    }

    [Test]
    public void Random_routing_to_single_worker_servers_gives_independent_MM1_queues()
    {
        // Poisson arrivals split at random stay Poisson: each server is an M/M/1 with λ/4.
        int servers = 4;
        double mu = 1 / Service, perServer = 70;
        var results = Farms.Run(Farms.Single(servers, 1, servers * perServer, DistributionSpec.Exponential(Service), balancer: "random"),
            duration: 2000, warmup: 100, replications: 20);
        for (int i = 1; i <= servers; i++)
        {
            AssertAgrees(results.Values(Scope.Server, $"fe{i}", Metric.LatencyMeanMs), 1e3 / (mu - perServer), $"fe{i} mean response time (ms)");
            AssertAgrees(results.Values(Scope.Server, $"fe{i}", Metric.Utilization), perServer / mu, $"fe{i} utilisation");
        }
        AssertAgrees(results.Values(Scope.App, "App", Metric.LatencyMeanMs), 1e3 / (mu - perServer), "app mean response time (ms)");
    }

    [Test]
    public void Littles_law_holds_per_server()
    {
        // L = λW on every server, whatever the service distribution and the balancer: the mean
        // number present (waiting plus in service) equals throughput times mean response time.
        var farm = Farms.Single(3, 4, 900, DistributionSpec.LogNormal(Service, 1.5), balancer: "least-connections");
        var results = Farms.Run(farm, duration: 1000, warmup: 50, replications: 20);
        for (int i = 1; i <= 3; i++)
        {
            string name = $"fe{i}";
            var differences = results.Select(r =>
            {
                var s = r.Find(Scope.Server, name);
                double present = s[Metric.QueueLengthMean] + s[Metric.Utilization] * 4;
                return present - s[Metric.ThroughputRps] * s[Metric.LatencyMeanMs] / 1e3;
            }).ToArray();
            AssertAgrees(differences, 0, $"{name}: L − λW");
        }
    }
}
