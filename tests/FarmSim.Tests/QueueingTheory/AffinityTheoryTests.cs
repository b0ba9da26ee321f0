using FarmSim.Farm.Metrics;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>Sticky sessions against the queueing models they turn a farm into, and against the cost OutSystems warns of.</summary>
public class AffinityTheoryTests
{
    [Test]
    public void Closed_users_stuck_to_a_fast_and_a_slow_server_are_two_separate_machine_repairman_models()
    {
        // Ten closed users, exponential think Z = 1 s, over fe1 (speed 1) and fe2 (speed 0.5), one
        // worker each, exponential service 100 ms at speed 1. Round robin balances each user's first
        // request, so five stick to each server for the whole run: each is then M/M/1//5, with
        // μ = 10/s and 5/s. The slow server keeps its users slow, where a balancer by load would not.
        var results = Farms.Run("""
            name: sticky-closed
            simulation: { duration: 1h, warmup: 2m, replications: 10, seed: 23 }
            servers:
              - { name: fe1, workers: 1, queue_limit: unlimited }
              - { name: fe2, workers: 1, queue_limit: unlimited, speed: 0.5 }
            zone_defaults: { balancer: round-robin, affinity: cookie }
            apps:
              - name: App
                users: { count: 10, think: { distribution: exponential, mean: 1s } }
                service: { distribution: exponential, mean: 100ms }
            """);
        var (x1, u1) = Repairman(5, 1, 10);
        var (x2, u2) = Repairman(5, 1, 5);
        double confidence = 1 - (1 - Confidence) / 3; // three checks at once (Bonferroni)
        AssertAgrees(results.Values(Scope.Server, "fe1", Metric.Utilization), u1, "fe1's utilisation, M/M/1//5 at 10/s", confidence: confidence);
        AssertAgrees(results.Values(Scope.Server, "fe2", Metric.Utilization), u2, "fe2's utilisation, M/M/1//5 at 5/s", confidence: confidence);
        AssertAgrees(results.Values(Scope.App, "App", Metric.PageTimeMeanMs), 1e3 * (10 / (x1 + x2) - 1), "R = N/X − Z over both (ms)", confidence: confidence);
    }

    [Test]
    public void A_server_back_in_rotation_gets_only_new_sessions_while_the_old_ones_stay_where_they_are()
    {
        // Sessions arrive at λ = 20/s; each sends a page, thinks (exponential, Z = 5 s) and sends
        // the next with probability q = 3/4 (geometric, 4 pages on average). fe2 is drained from the
        // start and back at 100 s, when the measurement starts. Every session then alive sticks to
        // fe1; round robin balances only new sessions, so fe2 gets every other one. A session
        // started h seconds before the end has sent, on average, E(h) = 1 + q/(1 − q)(1 − e^(−(1 − q)h/Z))
        // pages (its pages after the first are a Poisson stream of rate 1/Z, each followed by
        // another with probability q; service of 1 ms is left out). Over T = 30 s, fe2 is sent
        // (λ/2) ∫₀ᵀ E(h) dh pages, where without affinity it would get half of all λ × 4 × T.
        string Farm(string affinity) => $$"""
            name: sticky-return
            simulation: { duration: 30s, warmup: 100s, replications: 30, seed: 29 }
            servers: [ { name: fe, count: 2, workers: 1000, queue_limit: unlimited } ]
            zone_defaults: { balancer: round-robin, health_check: none, affinity: {{affinity}} }
            apps:
              - name: App
                sessions: { rate: 20/s, think: { distribution: exponential, mean: 5s }, pages: { mean: 4 } }
                service: { distribution: constant, value: 1ms }
            events:
              - { at: 0s, server: fe2, action: drain, delay: 1s }
              - { at: 100s, server: fe2, action: up }
            """;
        double lambda = 20, z = 5, q = 0.75, t = 30, a = (1 - q) / z;
        double pages = lambda / 2 * (t + q / (1 - q) * (t - (1 - Math.Exp(-a * t)) / a));
        double confidence = 1 - (1 - Confidence) / 2;
        AssertAgrees(Farms.Run(Farm("cookie")).Values(Scope.Server, "fe2", Metric.Arrivals), pages, "fe2's pages after its return, sticky", confidence: confidence);
        AssertAgrees(Farms.Run(Farm("none")).Values(Scope.Server, "fe2", Metric.Arrivals), lambda * 4 * t / 2, "fe2's pages after its return, not sticky", confidence: confidence);
    }

    /// <summary>Throughput and utilisation of the machine repairman model M/M/c//N: N users thinking Z = 1 s each, c workers at rate μ.</summary>
    private static (double Throughput, double Utilization) Repairman(int users, int c, double mu)
    {
        var p = new double[users + 1];
        p[0] = 1;
        for (int n = 1; n <= users; n++) p[n] = p[n - 1] * (users - n + 1) / (Math.Min(n, c) * mu);
        double norm = p.Sum();
        double x = 0, busy = 0;
        for (int n = 0; n <= users; n++)
        {
            x += p[n] / norm * Math.Min(n, c) * mu;
            busy += p[n] / norm * Math.Min(n, c);
        }
        return (x, busy / c);
    }
}
