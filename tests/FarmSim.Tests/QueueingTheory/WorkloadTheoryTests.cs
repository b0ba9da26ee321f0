using FarmSim.Farm.Metrics;
using MathNet.Numerics.Distributions;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>Load that changes over time, closed users and sessions, against the exact results of theory.</summary>
public class WorkloadTheoryTests
{
    /// <summary>A rate that runs straight between (time, rate) points, as a linear profile does; written here apart from the simulator's own.</summary>
    private static double Rate((double T, double R)[] points, double t)
    {
        for (int i = 0; i + 1 < points.Length; i++)
            if (t < points[i + 1].T) return points[i].R + (points[i + 1].R - points[i].R) * (t - points[i].T) / (points[i + 1].T - points[i].T);
        return points[^1].R;
    }

    private static double[] Window(IReadOnlyList<ReplicationResult> results, Scope scope, string name, string metric, int w) =>
        results.Select(r => r.TimeSeries.Series.Single(s => s.Scope == scope && s.Name == name && s.Metric == metric).Values[w]).ToArray();

    [Test]
    public void Mt_G_infinity_mean_number_in_service_follows_the_profile_through_the_service_times_survival()
    {
        // λ(t) of 40, 200, 80, 200 /s at 0, 10, 20, 30 min (linear), lognormal service of mean 20 s, cv 1.5,
        // workers to spare: m(t) = ∫₀ᵗ λ(s) P(S > t − s) ds (Eick, Massey and Whitt 1993), here averaged over
        // each 1-minute window. With a mean service this long, λ(t)·E[S] would be far off.
        (double, double)[] points = [(0, 40), (600, 200), (1200, 80), (1800, 200)];
        double mean = 20, cv = 1.5, sigma2 = Math.Log(1 + cv * cv), mu = Math.Log(mean) - sigma2 / 2, sigma = Math.Sqrt(sigma2);
        int workers = 100_000;
        var results = Farms.Run($$"""
            name: mtginf
            simulation: { duration: 30m, replications: 10, seed: 5, window: 1m }
            servers: [ { name: fe1, workers: {{workers}}, queue_limit: unlimited } ]
            apps:
              - name: App
                arrival: { rate: 200/s, profile: { shape: linear, points: [ [0m, 20%], [10m, 100%], [20m, 40%], [30m, 100%] ] } }
                service: { distribution: lognormal, mean: 20s, cv: 1.5 }
            """);
        // E[min(S, x)]: the integral of the survival function up to x, in closed form for the lognormal.
        double Capped(double x) => x <= 0 ? 0 : mean * Normal.CDF(0, 1, (Math.Log(x) - mu - sigma2) / sigma) + x * (1 - Normal.CDF(0, 1, (Math.Log(x) - mu) / sigma));
        double WindowMean(double from, double to)
        {
            // (1/L) ∫ λ(s) [E min(S, to − s) − E min(S, max(from, s) − s)] ds, by the midpoint rule on 0.1 s steps.
            double sum = 0, step = 0.1;
            for (double s = step / 2; s < to; s += step)
                sum += Rate(points, s) * (Capped(to - s) - Capped(Math.Max(from, s) - s)) * step;
            return sum / (to - from);
        }
        int[] minutes = [4, 11, 17, 24, 29];
        double confidence = 1 - (1 - Confidence) / minutes.Length; // all must hold at once (Bonferroni)
        foreach (int w in minutes)
        {
            var busy = Window(results, Scope.Server, "fe1", "utilization", w).Select(u => u * workers).ToArray();
            AssertAgrees(busy, WindowMean(60 * w, 60 * (w + 1)), $"mean number in service in minute {w}", confidence: confidence);
        }
    }

    [Test]
    public void Arrivals_in_a_window_of_a_profile_are_Poisson_with_the_integral_of_the_rate()
    {
        // Steps at 30, 90, 10 /s over 2 min each, repeating every 6 min, with a burst ×4 from 7:30 to 8:10:
        // each 10 s window's count is Poisson with mean ∫λ; counts in disjoint windows are independent, so
        // Σ (N − Λ)²/Λ over all windows and replications is χ² with as many degrees of freedom, and
        // Σ (N − Λ) / √ΣΛ is standard normal.
        var results = Farms.Run("""
            name: counts
            simulation: { duration: 12m, replications: 20, seed: 9, window: 10s }
            servers: [ { name: fe1, workers: 1000, queue_limit: unlimited } ]
            apps:
              - name: App
                arrival:
                  profile: { shape: steps, repeat: 6m, points: [ [0m, 30/s], [2m, 90/s], [4m, 10/s] ] }
                  bursts: [ { at: 7m30s, for: 40s, factor: 4 } ]
                service: { distribution: exponential, mean: 10ms }
            """);
        double[] perPhase = [30, 90, 10];
        double Expected(int w)
        {
            double sum = 0;
            for (double t = 10 * w + 0.05; t < 10 * (w + 1); t += 0.1)
                sum += perPhase[(int)(t % 360 / 120)] * (t >= 450 && t < 490 ? 4 : 1) * 0.1;
            return sum;
        }
        double chi2 = 0, deviation = 0, total = 0;
        int cells = 0;
        for (int w = 0; w < 72; w++)
        {
            double lambda = Expected(w);
            foreach (double rate in Window(results, Scope.App, "App", "offered_rps", w))
            {
                double n = Math.Round(rate * 10);
                chi2 += (n - lambda) * (n - lambda) / lambda;
                deviation += n - lambda;
                total += lambda;
                cells++;
            }
        }
        Assert.That(chi2, Is.InRange(ChiSquared.InvCDF(cells, (1 - Confidence) / 2), ChiSquared.InvCDF(cells, 1 - (1 - Confidence) / 2)),
            $"Σ(N − Λ)²/Λ over {cells} windows");
        Assert.That(deviation / Math.Sqrt(total), Is.InRange(Normal.InvCDF(0, 1, (1 - Confidence) / 2), Normal.InvCDF(0, 1, 1 - (1 - Confidence) / 2)), "Σ(N − Λ)/√ΣΛ");
    }

    [Test]
    public void Random_bursts_give_the_MMPP2_long_run_rate_and_the_variance_of_its_counts()
    {
        // λ₀ = 20/s calm, λ₁ = 100/s bursting; spells of mean 40 s and 10 s (σ₀ = 1/40, σ₁ = 1/10).
        // Mean rate (λ₀σ₁ + λ₁σ₀)/(σ₀ + σ₁); counts in windows of t have variance
        // λ̄t + 2σ₀σ₁(λ₀ − λ₁)²/(σ₀ + σ₁)³ · (t − (1 − e^{−(σ₀+σ₁)t})/(σ₀ + σ₁)).
        double l0 = 20, l1 = 100, s0 = 1.0 / 40, s1 = 1.0 / 10, t = 20, s = s0 + s1;
        int windows = 90;
        var results = Farms.Run("""
            name: mmpp
            simulation: { duration: 30m, replications: 20, seed: 13, window: 20s }
            servers: [ { name: fe1, workers: 1000, queue_limit: unlimited } ]
            apps:
              - name: App
                arrival: { rate: 20/s, random_bursts: { rate: 100/s, calm: 40s, burst: 10s } }
                service: { distribution: exponential, mean: 10ms }
            """);
        double mean = (l0 * s1 + l1 * s0) / s, confidence = 1 - (1 - Confidence) / 2; // two checks (Bonferroni)
        AssertAgrees(results.Values(Scope.App, "App", Metric.Arrivals).Select(n => n / 1800).ToArray(), mean, "MMPP-2 long-run rate (/s)", confidence: confidence);
        double variance = mean * t + 2 * s0 * s1 * (l0 - l1) * (l0 - l1) / (s * s * s) * (t - (1 - Math.Exp(-s * t)) / s);
        // Each replication's mean of (N − λ̄t)² over its windows estimates Var N(t) without bias (the process is stationary from the start).
        var perReplication = Enumerable.Range(0, results.Count).Select(r =>
            Enumerable.Range(0, windows).Average(w => Math.Pow(Math.Round(Window(results, Scope.App, "App", "offered_rps", w)[r] * t) - mean * t, 2))).ToArray();
        AssertAgrees(perReplication, variance, "MMPP-2 variance of the count in 20 s", confidence: confidence);
    }

    [Test]
    public void Closed_users_on_one_server_are_the_machine_repairman_model()
    {
        // N = 20 users, exponential think Z = 1 s, one server of c = 4 workers, exponential service 0.25 s:
        // a birth-death chain with rates (N − n)/Z up and min(n, c)μ down (M/M/c//N).
        int users = 20, c = 4;
        double z = 1, mu = 4;
        var results = Farms.Run("""
            name: repairman
            simulation: { duration: 1h, warmup: 2m, replications: 10, seed: 21 }
            servers: [ { name: fe1, workers: 4, queue_limit: unlimited } ]
            apps:
              - name: App
                users: { count: 20, think: { distribution: exponential, mean: 1s } }
                service: { distribution: exponential, mean: 250ms }
            """);
        var p = new double[users + 1];
        p[0] = 1;
        for (int n = 1; n <= users; n++) p[n] = p[n - 1] * (users - n + 1) / z / (Math.Min(n, c) * mu);
        double norm = p.Sum();
        double throughput = Enumerable.Range(0, users + 1).Sum(n => p[n] / norm * Math.Min(n, c) * mu);
        double utilization = Enumerable.Range(0, users + 1).Sum(n => p[n] / norm * Math.Min(n, c)) / c;
        double confidence = 1 - (1 - Confidence) / 3; // three statistical checks at once (Bonferroni)
        AssertAgrees(results.Values(Scope.App, "App", Metric.PagesRps), throughput, "X of M/M/4//20 (/s)", confidence: confidence);
        AssertAgrees(results.Values(Scope.App, "App", Metric.PageTimeMeanMs), 1e3 * (users / throughput - z), "R = N/X − Z of M/M/4//20 (ms)", confidence: confidence);
        AssertAgrees(results.Values(Scope.Server, "fe1", Metric.Utilization), utilization, "utilisation of M/M/4//20", confidence: confidence);
        // Every user stays logged in: the mean is exact, up to floating-point sums.
        Assert.That(results.Values(Scope.App, "App", Metric.ActiveUsersMean), Is.All.EqualTo(users).Within(1e-9 * users), "users logged in");
    }

    [Test]
    public void Closed_users_over_several_servers_match_exact_mean_value_analysis_for_1_to_50_users()
    {
        // Three single-worker servers of speeds 1, 1.5 and 2 behind a random balancer, exponential
        // service of 0.3 s at speed 1, exponential think of 1 s: a product-form closed network whose
        // station k has demand D_k = V_k S_k = (1/3)(0.3 / speed_k). Exact MVA (Reiser and Lavenberg 1980):
        // R_k(n) = D_k (1 + Q_k(n − 1)), X(n) = n / (Z + Σ R_k(n)), Q_k(n) = X(n) R_k(n).
        double[] demand = [0.1, 0.1 / 1.5, 0.1 / 2];
        double z = 1;
        int most = 50, checks = 2 * most;
        var queue = new double[demand.Length];
        // The planner's own MVA gives the same figures, and the farm it reads gives these stations.
        var planner = Experiments.Planning.MeanValueAnalysis.Solve(demand.Select((d, k) => new Experiments.Planning.MeanValueAnalysis.Station($"fe{k + 1}", d, 1)).ToList(), z, most).ToList();
        for (int n = 1; n <= most; n++)
        {
            var r = demand.Select((d, k) => d * (1 + queue[k])).ToArray();
            double x = n / (z + r.Sum());
            for (int k = 0; k < demand.Length; k++) queue[k] = x * r[k];
            Assert.That((planner[n - 1].Throughput, planner[n - 1].Response, planner[n - 1].Exact), Is.EqualTo((x, r.Sum(), true)).Using<(double, double, bool)>((a, b) =>
                Math.Abs(a.Item1 - b.Item1) <= 1e-12 * b.Item1 && Math.Abs(a.Item2 - b.Item2) <= 1e-12 * b.Item2 && a.Item3 == b.Item3));
            string yaml = $$"""
                name: mva
                simulation: { duration: 10m, warmup: 1m, replications: 5, seed: {{100 + n}} }
                servers:
                  - { name: fe1, workers: 1, queue_limit: unlimited }
                  - { name: fe2, workers: 1, queue_limit: unlimited, speed: 1.5 }
                  - { name: fe3, workers: 1, queue_limit: unlimited, speed: 2 }
                zones: [ { name: Global, balancer: random } ]
                apps:
                  - name: App
                    users: { count: {{n}}, think: { distribution: exponential, mean: 1s } }
                    service: { distribution: exponential, mean: 300ms }
                """;
            if (n == most)
            {
                var farm = FarmSim.Scenarios.ScenarioLoader.Load(yaml).Scenario!.Farm;
                var stations = Experiments.Planning.MeanValueAnalysis.StationsFor(farm, farm.Apps[0])!;
                Assert.That(stations.Select(st => st.Demand), Is.EqualTo(demand).Within(1e-15), "the farm's stations, visited in equal shares");
            }
            var results = Farms.Run(yaml);
            // A hundred checks at once: each at 1 − 0.1%/100, so that all hundred hold with 99.9% (Bonferroni).
            double confidence = 1 - (1 - Confidence) / checks;
            AssertAgrees(results.Values(Scope.App, "App", Metric.PagesRps), x, $"X({n}) by exact MVA (/s)", confidence: confidence);
            AssertAgrees(results.Values(Scope.App, "App", Metric.PageTimeMeanMs), 1e3 * r.Sum(), $"R({n}) by exact MVA (ms)", confidence: confidence);
        }
    }

    [Test]
    public void Sessions_with_geometric_pages_send_their_pages_rate_and_obey_Littles_law()
    {
        // Visits at 3/s, a geometric number of pages of mean 4, constant think 2 s, constant 50 ms pages
        // on workers to spare: pages arrive at 3 × 4 = 12/s, and a visit lasts (4 − 1) × 2 s + 4 × 50 ms,
        // so 3 × 6.2 = 18.6 visits are going on at once on average (Little's law).
        var results = Farms.Run("""
            name: sessions
            simulation: { duration: 1h, warmup: 2m, replications: 10, seed: 17 }
            servers: [ { name: fe1, workers: 1000, queue_limit: unlimited } ]
            apps:
              - name: App
                sessions: { rate: 3/s, think: 2s, pages: { mean: 4 } }
                service: { distribution: constant, value: 50ms }
            """);
        double confidence = 1 - (1 - Confidence) / 4; // four checks at once (Bonferroni)
        AssertAgrees(results.Values(Scope.App, "App", Metric.PagesRps), 3 * 4, "pages per second: visits × pages per visit", confidence: confidence);
        AssertAgrees(results.Values(Scope.App, "App", Metric.SessionPagesMean), 4, "pages per visit (geometric, mean 4)", confidence: confidence);
        AssertAgrees(results.Values(Scope.App, "App", Metric.SessionDurationMeanS), 3 * 2 + 4 * 0.05, "a visit's duration (s)", confidence: confidence);
        AssertAgrees(results.Values(Scope.App, "App", Metric.ActiveSessionsMean), 3 * (3 * 2 + 4 * 0.05), "visits going on (Little's law)", confidence: confidence);
    }
}
