using FarmSim.Engine.Distributions;
using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>
/// The distributions a calibration writes (Weibull, and the empirical one of observed quantiles)
/// against M/G/1: the mean response is E[S] + λE[S²] / (2(1 − ρ)) by Pollaczek–Khinchine, which
/// depends on the service time through its first two moments only.
/// </summary>
public class FittedDistributionTheoryTests
{
    private static IEnumerable<TestCaseData> Services()
    {
        yield return new TestCaseData("{ distribution: weibull, mean: 10ms, shape: 0.8 }", DistributionSpec.Weibull(0.010, 0.8)).SetName("M_G_1_with_Weibull_service_gives_Pollaczek_Khinchine_mean_response");
        yield return new TestCaseData("{ distribution: empirical, quantiles: [ [0%, 2ms], [50%, 8ms], [90%, 20ms], [100%, 40ms] ] }",
            DistributionSpec.Empirical([new(0, 0.002), new(0.5, 0.008), new(0.9, 0.020), new(1, 0.040)])).SetName("M_G_1_with_empirical_service_gives_Pollaczek_Khinchine_mean_response");
    }

    [TestCaseSource(nameof(Services))]
    public void Mean_response(string service, DistributionSpec spec)
    {
        double rho = 0.7, lambda = rho / spec.Mean, secondMoment = spec.Mean * spec.Mean * (1 + spec.SquaredCv);
        var results = Farms.Run($$"""
            name: mg1
            simulation: { duration: 2000s, warmup: 100s, replications: 20, seed: 31 }
            servers: [ { name: fe1, workers: 1, queue_limit: unlimited } ]
            apps:
              - name: App
                arrival: { rate: {{lambda:R}}/s }
                service: {{service}}
            """);
        double response = spec.Mean + lambda * secondMoment / (2 * (1 - rho));
        AssertAgrees(results.Values(Scope.App, "App", Metric.LatencyMeanMs), 1e3 * response, "M/G/1 mean response (ms)");
    }

    [Test]
    public void An_empirical_distribution_has_the_moments_and_quantiles_of_its_pieces()
    {
        // Uniform on [0, 10 ms] for half the mass and on [10, 30 ms] for the rest: mean 2.5 + 10 = 12.5 ms,
        // E[S²] = ½·100/3 + ½·(100 + 300 + 900)/3 = 233.3 ms².
        var spec = DistributionSpec.Empirical([new(0, 0), new(0.5, 0.010), new(1, 0.030)]);
        Assert.Multiple(() =>
        {
            Assert.That(spec.Mean, Is.EqualTo(0.0125).Within(1e-15));
            Assert.That(spec.Mean * spec.Mean * (1 + spec.SquaredCv), Is.EqualTo((100.0 / 3 / 2 + 1300.0 / 3 / 2) * 1e-6).Within(1e-15));
            Assert.That(spec.Quantile(0.25), Is.EqualTo(0.005).Within(1e-15));
            Assert.That(spec.Quantile(0.75), Is.EqualTo(0.020).Within(1e-15));
            Assert.That(spec.Problems(), Is.Empty);
            Assert.That(DistributionSpec.Empirical([new(0.1, 0.001), new(0.9, 0.0005)]).Problems().Select(p => p.Problem), Has.Some.Contains("expected 0%").And.Some.Contains("expected 100%").And.Some.Contains("do not decrease"));
        });
    }
}
