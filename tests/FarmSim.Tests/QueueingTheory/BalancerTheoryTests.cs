using FarmSim.Farm.Metrics;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>The balancing algorithms of HAProxy, NGINX and Envoy against queueing theory.</summary>
public class BalancerTheoryTests
{
    /// <summary>Mitzenmacher's supermarket model: the mean time in system of the mean-field limit, Σ_{i≥1} λ^((d^i − d)/(d − 1)), in service times.</summary>
    private static double Supermarket(double lambda, int d)
    {
        double sum = 0;
        for (int i = 1; i < 30; i++)
        {
            double exponent = (Math.Pow(d, i) - d) / (d - 1);
            if (exponent > 2000) break;
            sum += Math.Pow(lambda, exponent);
        }
        return sum;
    }

    private static string Farm(int servers, int draws, int replications) => $$"""
        name: supermarket
        simulation: { duration: 1000s, warmup: 100s, replications: {{replications}}, seed: 103 }
        servers: [ { name: fe, count: {{servers}}, workers: 1, queue_limit: unlimited } ]
        zone_defaults: { balancer: { algorithm: random-draws, draws: {{draws}} } }
        apps: [ { name: App, arrival: { rate: {{0.9 * servers}}/s }, service: { distribution: exponential, mean: 1s } } ]
        """;

    [TestCase(2)]
    [TestCase(3)]
    public void HAProxys_random_draws_approach_the_supermarket_models_mean_field_limit(int d)
    {
        // n single-worker servers (μ = 1) at λ = 0.9 per server, d draws with replacement, the
        // shortest queue taken: as n grows the mean time in system tends to the mean-field limit,
        // with a bias of order 1/n (Gast 2017). So at n = 100 it lies above the limit by a little,
        // and at n = 1000 by a tenth of that: allowed up to a fifth, beyond the intervals.
        double limit = Supermarket(0.9, d);
        var small = Farms.Run(Farm(100, d, 10)).Values(Scope.App, "App", Metric.LatencyMeanMs).Select(v => v / 1000).ToList();
        var large = Farms.Run(Farm(1000, d, 4)).Values(Scope.App, "App", Metric.LatencyMeanMs).Select(v => v / 1000).ToList();
        double confidence = 1 - (1 - Confidence) / 3;
        double biasSmall = small.Average() - limit, biasLarge = large.Average() - limit;
        double hwSmall = HalfWidth(small, confidence), hwLarge = HalfWidth(large, confidence);
        Assert.Multiple(() =>
        {
            Assert.That(biasSmall, Is.GreaterThan(-hwSmall), $"n = 100: {small.Average():0.0000} against the limit {limit:0.0000}");
            Assert.That(biasSmall, Is.LessThan(0.05 * limit + hwSmall), $"n = 100 within 5% of the limit {limit:0.0000}: {small.Average():0.0000}");
            Assert.That(biasLarge, Is.LessThan(Math.Max(biasSmall, 0) / 5 + hwLarge + hwSmall / 5), $"n = 1000: {large.Average():0.0000}, bias {biasLarge:0.0000} against {biasSmall:0.0000} at n = 100");
        });
    }

    [Test]
    public void HAProxys_first_sends_the_first_server_what_an_Erlang_loss_system_keeps()
    {
        // fe1 takes a request while it holds fewer than its limit, its 10 workers, so it never
        // queues: it is an M/G/10/10 loss system, and what it cannot take overflows to fe2. The
        // share overflowing is Erlang B(10, a) with a = λ E[S] = 8, whatever the service times'
        // distribution (Erlang's formula is insensitive to it): lognormal here.
        var results = Farms.Run("""
            name: first
            simulation: { duration: 2000s, warmup: 100s, replications: 10, seed: 107 }
            servers: [ { name: fe1, workers: 10 }, { name: fe2, workers: 100 } ]
            zone_defaults: { balancer: first }
            apps: [ { name: App, arrival: { rate: 80/s }, service: { distribution: lognormal, mean: 100ms, cv: 1.5 } } ]
            """);
        var overflow = results.Select(r => r.Find(Scope.Server, "fe2")[Metric.Arrivals] / r.Find(Scope.App, "App")[Metric.Arrivals]).ToList();
        AssertAgrees(overflow, MMcKBlocking(10, 10, 8), "the share fe1 cannot take: Erlang B(10, 8)");
    }

    [Test]
    public void Weighted_least_connections_and_Envoys_least_request_share_by_weight()
    {
        // Weights 1, 2 and 5 on three servers with workers to spare (M/G/∞): by Little's law a
        // server's mean outstanding is its arrival rate times E[S], and weighted least connections
        // keeps outstanding / weight within a request of each other's at every pick, so each
        // server's share is its weight's, 1/8, 2/8, 5/8, to within a request per weight unit in
        // L = λ E[S] / 8 = 50 outstanding per unit: 1/50 of the share. Envoy's least request with
        // active_request_bias 0 is weighted round robin: its shares are the weights' exactly.
        string Scenario(string balancer) => $$"""
            name: weighted
            simulation: { duration: 500s, warmup: 50s, replications: 3, seed: 109 }
            servers: [ { name: fe1, workers: 1000, weight: 1 }, { name: fe2, workers: 1000, weight: 2 }, { name: fe3, workers: 1000, weight: 5 } ]
            zone_defaults: { balancer: {{balancer}} }
            apps: [ { name: App, arrival: { rate: 400/s }, service: { distribution: exponential, mean: 1s } } ]
            """;
        var leastConnections = Farms.Run(Scenario("weighted-least-connections"));
        var envoy = Farms.Run(Scenario("{ algorithm: least-request, active_request_bias: 0 }"));
        double[] weights = [1, 2, 5];
        Assert.Multiple(() =>
        {
            foreach (var (results, tolerance, name) in new[] { (leastConnections, 1 / 50.0, "weighted least connections"), (envoy, 1e-3, "least request, bias 0") })
                foreach (var r in results)
                {
                    double total = r.Find(Scope.App, "App")[Metric.Arrivals];
                    for (int i = 0; i < 3; i++)
                    {
                        double share = r.Find(Scope.Server, $"fe{i + 1}")[Metric.Arrivals] / total, expected = weights[i] / 8;
                        Assert.That(share, Is.EqualTo(expected).Within(tolerance * expected), $"{name}: fe{i + 1}'s share");
                    }
                }
        });
    }

    [Test]
    public void ARRs_least_response_time_tries_a_half_speed_server_once_a_window_as_renewal_theory_says()
    {
        // Constant service of d = 100 ms, workers to spare: the fast server answers in d, the
        // half-speed one in 2d, always. Least response time sends to the lower recent average; a
        // server with no answer in the last window W = 10 s averages 0 while it holds nothing, and
        // counts as the slowest while it holds a request not yet answered. So the slow server gets
        // one request W after its last answer, and nothing more until it answers, 2d later, and then
        // a window passes again. The cycle lasts the wait for that arrival (1/λ), its answer (2d)
        // and the window W: by renewal-reward its share is 1 / (1 + 2λd + λW).
        var results = Farms.Run("""
            name: least-response-time
            simulation: { duration: 5000s, warmup: 100s, replications: 10, seed: 113 }
            servers: [ { name: fast, workers: 100 }, { name: slow, workers: 100, speed: 0.5 } ]
            zone_defaults: { balancer: { algorithm: least-response-time, window: 10s } }
            apps: [ { name: App, arrival: { rate: 10/s }, service: { distribution: constant, value: 100ms } } ]
            """);
        double lambda = 10, d = 0.1, window = 10;
        double share = 1 / (1 + 2 * lambda * d + lambda * window);
        var shares = results.Select(r => r.Find(Scope.Server, "slow")[Metric.Arrivals] / r.Find(Scope.App, "App")[Metric.Arrivals]).ToList();
        AssertAgrees(shares, share, "the half-speed server's share");
    }

    [Test]
    public void Peak_EWMA_sends_a_half_speed_server_less_than_least_connections_does_and_answers_faster()
    {
        // A behaviour test (a direction; the derived share is the test below, with constant
        // service and workers to spare): two M/M/1 servers of rates 10/s and 5/s at 9/s. Least connections balances
        // outstanding requests only; peak EWMA weighs them by each server's measured latency, so
        // the slow one, whose answers take twice as long, costs more per request waiting.
        string Scenario(string balancer) => $$"""
            name: ewma
            simulation: { duration: 3000s, warmup: 200s, replications: 5, seed: 127 }
            servers: [ { name: fast, workers: 1, queue_limit: unlimited }, { name: slow, workers: 1, queue_limit: unlimited, speed: 0.5 } ]
            zone_defaults: { balancer: {{balancer}} }
            apps: [ { name: App, arrival: { rate: 9/s }, service: { distribution: exponential, mean: 100ms } } ]
            """;
        var ewma = Farms.Run(Scenario("peak-ewma"));
        var leastConnections = Farms.Run(Scenario("least-connections"));
        double Share(IReadOnlyList<FarmSim.Farm.Metrics.ReplicationResult> r) =>
            r.Average(x => x.Find(Scope.Server, "slow")[Metric.Arrivals] / x.Find(Scope.App, "App")[Metric.Arrivals]);
        Assert.Multiple(() =>
        {
            Assert.That(Share(ewma), Is.LessThan(Share(leastConnections) - 0.02), "less to the slow server");
            Assert.That(Share(ewma), Is.GreaterThan(0.05), "but not nothing");
            Assert.That(ewma.Values(Scope.App, "App", Metric.LatencyMeanMs).Average(), Is.LessThan(leastConnections.Values(Scope.App, "App", Metric.LatencyMeanMs).Average()));
        });
    }

    [Test]
    public void Peak_EWMA_gives_a_half_speed_server_the_share_that_balances_its_cost()
    {
        // Two servers with workers to spare and constant service, d = 100 ms on fast and 2d on slow
        // (speed 0.5), at λ = 20,000/s: every answer takes exactly d or 2d, so each estimate is d
        // or 2d (an answer above the decayed estimate becomes it; the decay between answers, 10 s
        // against a fraction of a millisecond, is a part in 10⁴). With two members, both are drawn
        // every time, and the rule keeps D = (n_fast + 1) − 2 (n_slow + 1) at 0: an arrival moves it
        // by +1 or −2 towards 0, and departures, about one per arrival, move it by −1 or +2. By
        // Little's law (exact: no one waits) E[n_fast] = λ_fast d and E[n_slow] = 2 λ_slow d, so
        // the slow server's share is (λd − 1 − E[D]) / (5 λd). D's steps, an arrival's and a
        // departure's, are one or two requests, so its mean stays within a few of 0: 5 is allowed,
        // 5 / (5 λd) = 0.0005 on the share, fixed before the test first ran. Least connections, which
        // balances n_fast + 1 against n_slow + 1, gives it (λd − E[D']) / (3 λd), a third.
        string Scenario(string balancer) => $$"""
            name: ewma-share
            simulation: { duration: 20s, warmup: 5s, replications: 5, seed: 131 }
            servers: [ { name: fast, workers: 20000, queue_limit: unlimited }, { name: slow, workers: 20000, queue_limit: unlimited, speed: 0.5 } ]
            zone_defaults: { balancer: {{balancer}} }
            apps: [ { name: App, arrival: { rate: 20000/s }, service: { distribution: constant, value: 100ms } } ]
            """;
        double lambdaD = 20_000 * 0.1, bound = 5 / (5 * lambdaD);
        List<double> Shares(string balancer) => [.. Farms.Run(Scenario(balancer)).Select(r => r.Find(Scope.Server, "slow")[Metric.Arrivals] / r.Find(Scope.App, "App")[Metric.Arrivals])];
        double confidence = 1 - (1 - Confidence) / 2;
        AssertAgrees(Shares("peak-ewma"), (lambdaD - 1) / (5 * lambdaD), "the half-speed server's share under peak EWMA", relativeResolution: bound / 0.2, confidence: confidence);
        AssertAgrees(Shares("least-connections"), 1 / 3.0, "its share under least connections", relativeResolution: 5 / (3 * lambdaD) / (1 / 3.0), confidence: confidence);
    }

    /// <summary>
    /// Join-the-shortest-queue over two exponential servers of rate 1, ties at random: the mean time
    /// in system from the exact Markov chain on (n1, n2), truncated where the probability left is
    /// negligible, solved by Gauss–Seidel sweeps of the balance equations.
    /// </summary>
    private static double ShortestQueueOfTwo(double lambda, int most = 80)
    {
        int n = most + 1;
        var p = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) p[i, j] = 1.0 / (n * n); // any start but zero: the sweeps keep its total
        double Rate(int i, int j, int toI) => // the arrival rate into queue toI (0: the first) from state (i, j)
            i < j ? (toI == 0 ? lambda : 0) : i > j ? (toI == 1 ? lambda : 0) : lambda / 2;
        for (int sweep = 0; sweep < 20000; sweep++)
        {
            double change = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double outRate = (i > 0 ? 1 : 0) + (j > 0 ? 1 : 0) + (i < most ? Rate(i, j, 0) : 0) + (j < most ? Rate(i, j, 1) : 0);
                    double inflow = 0;
                    if (i > 0) inflow += p[i - 1, j] * Rate(i - 1, j, 0);
                    if (j > 0) inflow += p[i, j - 1] * Rate(i, j - 1, 1);
                    if (i < most) inflow += p[i + 1, j];
                    if (j < most) inflow += p[i, j + 1];
                    double next = inflow / outRate;
                    change = Math.Max(change, Math.Abs(next - p[i, j]));
                    p[i, j] = next;
                }
            double total = 0;
            foreach (double v in p) total += v;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) p[i, j] /= total;
            if (change < 1e-13) break;
        }
        double jobs = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) jobs += (i + j) * p[i, j];
        return jobs / lambda; // Little's law
    }

    [Test]
    public void Least_connections_over_two_exponential_servers_is_the_exact_shortest_queue_chain()
    {
        // Two single-worker servers of rate 1 at λ = 1.6 (ρ = 0.8): least connections, ties at
        // random, is join-the-shortest-queue, whose mean time in system the chain gives exactly.
        var results = Farms.Run("""
            name: jsq
            simulation: { duration: 20000s, warmup: 500s, replications: 10, seed: 131 }
            servers: [ { name: fe, count: 2, workers: 1, queue_limit: unlimited } ]
            zone_defaults: { balancer: least-connections }
            apps: [ { name: App, arrival: { rate: 1.6/s }, service: { distribution: exponential, mean: 1s } } ]
            """);
        AssertAgrees(results.Values(Scope.App, "App", Metric.LatencyMeanMs).Select(v => v / 1000).ToList(), ShortestQueueOfTwo(1.6), "JSQ's mean time in system (s)");
    }

    [TestCase("source", 3)]
    [TestCase("uri", 1)]
    public void A_hash_pins_each_client_or_each_URL_to_one_server(string key, int atMost)
    {
        // Three closed users (three clients) of one app with one class, over ten servers: hashing
        // the source sends each user to one server always, so at most three servers see requests;
        // hashing the URL sends every request to the one server its URL hashes to.
        var results = Farms.Run($$"""
            name: hashed
            simulation: { duration: 200s, warmup: 10s, replications: 2, seed: 137 }
            servers: [ { name: fe, count: 10, workers: 4 } ]
            zone_defaults: { balancer: { algorithm: ring-hash, key: {{key}} } }
            apps: [ { name: App, users: { count: 3, think: { distribution: exponential, mean: 1s } }, service: { distribution: exponential, mean: 50ms } } ]
            """);
        foreach (var r in results)
        {
            int used = Enumerable.Range(1, 10).Count(i => r.Find(Scope.Server, $"fe{i}")[Metric.Arrivals] > 0);
            Assert.That(used, Is.InRange(1, atMost), $"servers that saw requests, hashing the {key}");
        }
    }
}
