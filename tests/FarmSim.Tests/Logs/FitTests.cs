using FarmSim.Calibration;
using FarmSim.Engine.Distributions;
using MathNet.Numerics.Distributions;

namespace FarmSim.Tests.Logs;

/// <summary>
/// The service-time fits on samples of known distributions, logged to the millisecond: the family
/// comes back, its parameters within their standard errors; a mixture no family fits gives the
/// observed quantiles.
/// </summary>
public class FitTests
{
    private static ServiceTimeHistogram Logged(IEnumerable<double> seconds)
    {
        var histogram = new ServiceTimeHistogram();
        foreach (double s in seconds) histogram.Add(Math.Floor(s * 1000) / 1000); // as IIS logs them
        return histogram;
    }

    // Two estimates at once, each within its two-sided 99.9%/2 normal quantile of standard errors.
    private static readonly double Z = Normal.InvCDF(0, 1, 1 - 0.001 / 2 / 2);

    [Test]
    public void Gamma_times_give_back_the_gamma_and_its_parameters()
    {
        var random = new Random(21);
        double shape = 2.5, rate = 25; // mean 100 ms
        var fit = DistributionFit.Fit(Logged(Enumerable.Range(0, 20_000).Select(_ => Gamma.Sample(random, shape, rate))))!;
        var gamma = fit.Fits.Single(f => f.Family == DistributionKind.Gamma);
        Assert.Multiple(() =>
        {
            Assert.That(fit.ChosenName, Is.EqualTo("gamma"), fit.Why);
            Assert.That(gamma.Estimates[0].Value, Is.EqualTo(shape).Within(Z * gamma.Estimates[0].StandardError));
            Assert.That(gamma.Estimates[1].Value, Is.EqualTo(rate).Within(Z * gamma.Estimates[1].StandardError));
        });
    }

    [Test]
    public void Weibull_times_give_back_the_Weibull_and_its_parameters()
    {
        var random = new Random(22);
        double shape = 0.8, scale = 0.12;
        var fit = DistributionFit.Fit(Logged(Enumerable.Range(0, 20_000).Select(_ => Weibull.Sample(random, shape, scale))))!;
        var weibull = fit.Fits.Single(f => f.Family == DistributionKind.Weibull);
        Assert.Multiple(() =>
        {
            Assert.That(fit.ChosenName, Is.EqualTo("weibull"), fit.Why);
            Assert.That(weibull.Estimates[0].Value, Is.EqualTo(shape).Within(Z * weibull.Estimates[0].StandardError));
            Assert.That(weibull.Estimates[1].Value, Is.EqualTo(scale).Within(Z * weibull.Estimates[1].StandardError));
        });
    }

    [Test]
    public void Exponential_times_give_back_their_mean_and_the_standard_error_it_has()
    {
        var random = new Random(23);
        var fit = DistributionFit.Fit(Logged(Enumerable.Range(0, 20_000).Select(_ => Exponential.Sample(random, 1 / 0.05))))!;
        var exponential = fit.Fits.Single(f => f.Family == DistributionKind.Exponential);
        // The logged times are the true ones cut to the millisecond: half a millisecond less on average, which fits add back.
        Assert.That(exponential.Estimates[0].Value, Is.EqualTo(0.05).Within(Normal.InvCDF(0, 1, 1 - 0.001 / 2) * exponential.Estimates[0].StandardError));
        Assert.That(exponential.Estimates[0].StandardError, Is.EqualTo(0.05 / Math.Sqrt(20_000)).Within(0.05 / Math.Sqrt(20_000) * 0.05));
    }

    [Test]
    public void A_mixture_no_family_fits_gives_the_observed_quantiles()
    {
        // Fast cached answers (about 5 ms) and slow database ones (about 400 ms), half and half.
        var random = new Random(24);
        var fit = DistributionFit.Fit(Logged(Enumerable.Range(0, 20_000).Select(i => i % 2 == 0 ? Normal.Sample(random, 0.005, 0.001) + 0.002 : Normal.Sample(random, 0.4, 0.05))))!;
        Assert.Multiple(() =>
        {
            Assert.That(fit.ChosenName, Is.EqualTo("empirical"), fit.Why);
            Assert.That(fit.Why, Does.Contain("no family fits"));
            Assert.That(fit.Chosen.Quantile(0.25), Is.LessThan(0.01));
            Assert.That(fit.Chosen.Quantile(0.75), Is.GreaterThan(0.3));
            Assert.That(fit.Chosen.Problems(), Is.Empty);
        });
    }

    [Test]
    public void One_timeout_among_a_hundred_thousand_answers_moves_the_empirical_mean_by_its_own_share()
    {
        // A mixture (so the empirical distribution is chosen) plus one answer of 120 s: the sample's
        // mean rises by 1.2 ms; the empirical one, linear between quantiles, stays within 2% of it.
        var random = new Random(25);
        var times = Enumerable.Range(0, 100_000).Select(i => i % 2 == 0 ? Normal.Sample(random, 0.005, 0.001) + 0.002 : Normal.Sample(random, 0.4, 0.05)).Append(120.0).ToList();
        var histogram = Logged(times);
        var fit = DistributionFit.Fit(histogram)!;
        double mean = times.Average(t => Math.Floor(t * 1000) / 1000 + 0.0005);
        Assert.That(fit.Empirical.Mean, Is.EqualTo(mean).Within(0.02 * mean));
    }
}
